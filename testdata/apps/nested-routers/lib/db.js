'use strict';

const AWS = require('aws-sdk');

const TABLES = {
  users: process.env.USERS_TABLE || 'nr-users', // key userId; GSI byEmail (email)
  projects: process.env.PROJECTS_TABLE || 'nr-projects', // key projectId; GSI byOwner (ownerId)
  members: process.env.MEMBERS_TABLE || 'nr-members', // key projectId + userId
  invites: process.env.INVITES_TABLE || 'nr-invites', // key code
  events: process.env.EVENTS_TABLE || 'nr-events', // key projectId + eventId
  jobs: process.env.JOBS_TABLE || 'nr-jobs', // key jobId
};

// The one place that talks to DynamoDB (SDK v2). Exported as a singleton: every
// `require('../lib/db')` gets the same instance and the same DocumentClient.
class Db {
  constructor() {
    this.doc = new AWS.DynamoDB.DocumentClient({
      region: process.env.AWS_REGION || 'eu-west-1',
      convertEmptyValues: true,
    });
  }

  // Users

  async getUser(userId) {
    const { Item } = await this.doc.get({
      TableName: TABLES.users,
      // expect: ddb/key-from-request
      Key: { userId },
    }).promise();
    return Item;
  }

  async findUserByEmail(email) {
    const { Items = [] } = await this.doc.query({
      TableName: TABLES.users,
      IndexName: 'byEmail',
      KeyConditionExpression: 'email = :email',
      // ok: ddb/key-from-request
      ExpressionAttributeValues: { ':email': email },
      Limit: 1,
    }).promise();
    return Items[0];
  }

  // Support console search: ?by=email&value=...
  async findUsersBy(attribute, value) {
    const { Items = [] } = await this.doc.scan({
      TableName: TABLES.users,
      // expect: ddb/expression-injection
      FilterExpression: `${attribute} = :value`,
      ExpressionAttributeValues: { ':value': value },
    }).promise();
    return Items;
  }

  createUser(user) {
    return this.doc.put({
      TableName: TABLES.users,
      // ok: ddb/key-from-request
      Item: user,
      ConditionExpression: 'attribute_not_exists(userId)',
    }).promise();
  }

  updateProfile(userId, { displayName, bio }) {
    return this.doc.update({
      TableName: TABLES.users,
      // ok: ddb/key-from-request
      Key: { userId },
      UpdateExpression: 'SET displayName = :name, bio = :bio, updatedAt = :now',
      ExpressionAttributeValues: { ':name': displayName, ':bio': bio, ':now': new Date().toISOString() },
    }).promise();
  }

  deleteUser(userId) {
    return this.doc.delete({
      TableName: TABLES.users,
      // ok: ddb/key-from-request
      Key: { userId },
    }).promise();
  }

  // Projects

  async listProjects(ownerId, projection) {
    const { Items = [] } = await this.doc.query({
      TableName: TABLES.projects,
      IndexName: 'byOwner',
      KeyConditionExpression: 'ownerId = :owner',
      // ok: ddb/expression-injection
      ProjectionExpression: projection,
      ExpressionAttributeNames: { '#name': 'name' },
      // ok: ddb/key-from-request
      ExpressionAttributeValues: { ':owner': ownerId },
    }).promise();
    return Items;
  }

  async getProject(projectId) {
    const { Item } = await this.doc.get({
      TableName: TABLES.projects,
      // ok: ddb/key-from-request
      Key: { projectId },
    }).promise();
    return Item;
  }

  putProject(project) {
    return this.doc.put({
      TableName: TABLES.projects,
      Item: project,
      ConditionExpression: 'attribute_not_exists(projectId)',
    }).promise();
  }

  updateProject(projectId, { name, description }) {
    return this.doc.update({
      TableName: TABLES.projects,
      // ok: ddb/key-from-request
      Key: { projectId },
      UpdateExpression: 'SET #name = :name, description = :description, updatedAt = :now',
      ExpressionAttributeNames: { '#name': 'name' },
      ExpressionAttributeValues: {
        ':name': name,
        ':description': description,
        ':now': new Date().toISOString(),
      },
    }).promise();
  }

  // "Only the owner can archive": the condition compares against the owner id given.
  archiveProject(projectId, ownerId) {
    return this.doc.update({
      TableName: TABLES.projects,
      // expect: ddb/key-from-request
      Key: { projectId },
      UpdateExpression: 'SET archived = :yes',
      ConditionExpression: 'ownerId = :owner',
      ExpressionAttributeValues: {
        ':yes': true,
        // expect: ddb/condition-from-request
        ':owner': ownerId,
      },
    }).promise();
  }

  // Admin hand-over of a project to another account.
  transferProject(projectId, newOwnerId) {
    return this.doc.update({
      TableName: TABLES.projects,
      // ok: ddb/key-from-request
      Key: { projectId },
      UpdateExpression: 'SET ownerId = :owner, updatedAt = :now',
      ExpressionAttributeValues: { ':owner': newOwnerId, ':now': new Date().toISOString() },
    }).promise();
  }

  deleteProject(projectId) {
    return this.doc.delete({
      TableName: TABLES.projects,
      // ok: ddb/key-from-request
      Key: { projectId },
    }).promise();
  }

  // Invites and members

  async getInvite(code) {
    const { Item } = await this.doc.get({
      TableName: TABLES.invites,
      // ok: ddb/key-from-request
      Key: { code },
    }).promise();
    return Item;
  }

  acceptInvite(invite, userId) {
    const now = new Date().toISOString();
    return this.doc.transactWrite({
      TransactItems: [
        {
          Update: {
            TableName: TABLES.invites,
            // ok: ddb/key-from-request
            Key: { code: invite.code },
            UpdateExpression: 'SET acceptedBy = :user, acceptedAt = :now',
            ConditionExpression: 'attribute_not_exists(acceptedBy)',
            ExpressionAttributeValues: { ':user': userId, ':now': now },
          },
        },
        {
          Put: {
            TableName: TABLES.members,
            Item: {
              projectId: invite.projectId,
              // expect: ddb/key-from-unverified-token
              userId,
              role: invite.role || 'member',
              joinedAt: now,
            },
          },
        },
      ],
    }).promise();
  }

  // Partner feeds

  async listEvents(projectId) {
    const { Items = [] } = await this.doc.query({
      TableName: TABLES.events,
      KeyConditionExpression: 'projectId = :project',
      // ok: ddb/key-from-request
      ExpressionAttributeValues: { ':project': projectId },
      ScanIndexForward: false,
      Limit: 100,
    }).promise();
    return Items;
  }

  putEvent(event) {
    return this.doc.put({ TableName: TABLES.events, Item: event }).promise();
  }

  async getUsage(projectId) {
    const { Item } = await this.doc.get({
      TableName: TABLES.projects,
      // ok: ddb/key-from-request
      Key: { projectId },
      ProjectionExpression: 'projectId, seats, storageBytes, apiCalls',
    }).promise();
    return Item;
  }

  // Jobs

  async getJob(jobId) {
    const { Item } = await this.doc.get({
      TableName: TABLES.jobs,
      // ok: ddb/key-from-request
      Key: { jobId },
    }).promise();
    return Item;
  }

  cancelJob(jobId) {
    return this.doc.update({
      TableName: TABLES.jobs,
      // ok: ddb/key-from-request
      Key: { jobId },
      UpdateExpression: 'SET #state = :cancelled',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':cancelled': 'CANCELLED' },
    }).promise();
  }

  retryJob(jobId) {
    return this.doc.update({
      TableName: TABLES.jobs,
      // ok: ddb/key-from-request
      Key: { jobId },
      UpdateExpression: 'SET #state = :queued, attempts = attempts + :one',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':queued': 'QUEUED', ':one': 1 },
    }).promise();
  }

  // Health probe: a fixed item proves the table answers.
  ping() {
    return this.doc.get({ TableName: TABLES.jobs, Key: { jobId: 'healthcheck' } }).promise();
  }
}

module.exports = new Db();
module.exports.TABLES = TABLES;
