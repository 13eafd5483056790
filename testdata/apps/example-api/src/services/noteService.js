'use strict';

const { randomUUID } = require('crypto');
const { GetCommand, PutCommand, QueryCommand, UpdateCommand } = require('@aws-sdk/lib-dynamodb');
const { ddb, NOTES_TABLE } = require('../db');

async function listNotesByOwner(ownerId) {
  const { Items = [] } = await ddb.send(new QueryCommand({
    TableName: NOTES_TABLE,
    IndexName: 'byOwner',
    KeyConditionExpression: 'ownerId = :owner',
    // ok: ddb/key-from-request
    ExpressionAttributeValues: { ':owner': ownerId },
  }));
  return Items;
}

async function getNote(noteId) {
  const { Item } = await ddb.send(new GetCommand({
    TableName: NOTES_TABLE,
    // ok: ddb/key-from-request
    Key: { noteId },
  }));
  return Item;
}

async function createNote(ownerId, input) {
  const note = {
    noteId: randomUUID(),
    // ok: ddb/key-from-request
    ownerId,
    teamId: input.teamId,
    title: String(input.title ?? ''),
    content: String(input.content ?? ''),
    version: 1,
    createdAt: new Date().toISOString(),
  };
  await ddb.send(new PutCommand({
    TableName: NOTES_TABLE,
    Item: note,
    ConditionExpression: 'attribute_not_exists(noteId)',
  }));
  return note;
}

async function archiveNote(noteId) {
  await ddb.send(new UpdateCommand({
    TableName: NOTES_TABLE,
    // expect: ddb/key-from-request
    Key: { noteId },
    UpdateExpression: 'SET archived = :yes, archivedAt = :now',
    ExpressionAttributeValues: { ':yes': true, ':now': new Date().toISOString() },
  }));
}

module.exports = { listNotesByOwner, getNote, createNote, archiveNote };
