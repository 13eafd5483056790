'use strict';

const { randomUUID } = require('crypto');
const { docClient } = require('../lib/dynamo');

// Tickets: key ticketId; GSI byUser (userId, createdAt). Still on the v2 DocumentClient.
const TABLE = process.env.TICKETS_TABLE || 'Tickets';

class TicketService {
  listForUser(userId) {
    return docClient.query({
      TableName: TABLE,
      IndexName: 'byUser',
      KeyConditionExpression: 'userId = :uid',
      // ok: ddb/key-from-request
      ExpressionAttributeValues: { ':uid': userId },
      ScanIndexForward: false,
    }).promise().then((out) => out.Items);
  }

  async get(ticketId) {
    const out = await docClient.get({
      TableName: TABLE,
      // ok: ddb/key-from-request
      Key: { ticketId },
    }).promise();
    return out.Item;
  }

  async open(userId, { subject, body, priority }) {
    const ticket = {
      ticketId: randomUUID(),
      // ok: ddb/key-from-request
      userId,
      subject: String(subject || '').slice(0, 200),
      body: String(body || ''),
      priority: ['low', 'normal', 'high'].includes(priority) ? priority : 'normal',
      status: 'open',
      createdAt: new Date().toISOString(),
    };
    await docClient.put({
      TableName: TABLE,
      Item: ticket,
      ConditionExpression: 'attribute_not_exists(ticketId)',
    }).promise();
    return ticket;
  }

  addComment(ticketId, authorId, text) {
    return docClient.update({
      TableName: TABLE,
      // expect: ddb/key-from-request
      Key: { ticketId },
      UpdateExpression: 'SET comments = list_append(if_not_exists(comments, :none), :comment), updatedAt = :now',
      ExpressionAttributeValues: {
        ':none': [],
        ':comment': [{ authorId, text, at: new Date().toISOString() }],
        ':now': new Date().toISOString(),
      },
    }).promise();
  }

  // Only the requester may close a ticket: the condition checks the owner.
  close(ticketId, ownerId) {
    return docClient.update({
      TableName: TABLE,
      // expect: ddb/key-from-request
      Key: { ticketId },
      UpdateExpression: 'SET #status = :closed, closedAt = :now',
      ConditionExpression: 'userId = :owner',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':closed': 'closed',
        ':now': new Date().toISOString(),
        // expect: ddb/condition-from-request
        ':owner': ownerId,
      },
    }).promise();
  }

  assign(ticketId, agentId) {
    return docClient.update({
      TableName: TABLE,
      // ok: ddb/key-from-request
      Key: { ticketId },
      UpdateExpression: 'SET assignee = :agent, #status = :status',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':agent': agentId, ':status': 'assigned' },
    }).promise();
  }

  remove(ticketId, callback) {
    docClient.delete({
      TableName: TABLE,
      // ok: ddb/key-from-request
      Key: { ticketId },
    }, callback);
  }
}

module.exports = new TicketService();
