'use strict';

const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient } = require('@aws-sdk/lib-dynamodb');

const client = new DynamoDBClient({ region: process.env.AWS_REGION || 'eu-west-1' });

// One document client for the whole app: plain JavaScript values in, plain values out.
const ddb = DynamoDBDocumentClient.from(client, {
  marshallOptions: { removeUndefinedValues: true },
});

// Notes: key noteId; GSIs byOwner (ownerId) and byTeam (teamId).
const NOTES_TABLE = process.env.NOTES_TABLE || 'Notes';
// Users: key userId; GSI byEmail (email).
const USERS_TABLE = process.env.USERS_TABLE || 'Users';

module.exports = { ddb, NOTES_TABLE, USERS_TABLE };
