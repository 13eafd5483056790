//! claimcheck: finds the authentication and authorisation mistakes in Express.js + DynamoDB
//! code that let one user read or change another user's data.
//!
//! The pipeline (see `scan`): discover → parse+index (per file, parallel) → check → report.

pub mod baseline;
pub mod config;
pub mod discover;
pub mod finding;
pub mod link;
pub mod model;
pub mod parse;
pub mod position;
pub mod prefilter;
pub mod report;
pub mod rules;
pub mod scan;
pub mod suppress;
