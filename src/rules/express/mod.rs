//! Express rules: each reads the file's route facts from the project's route graph.

pub mod unauthenticated_data_route;
