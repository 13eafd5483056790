'use strict';

const AWS = require('aws-sdk');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient } = require('@aws-sdk/lib-dynamodb');

const region = process.env.AWS_REGION || 'eu-central-1';

// Tickets still run on the v2 DocumentClient; billing and everything newer use SDK v3.
const dynamodb = new DynamoDBClient({ region });

exports.docClient = new AWS.DynamoDB.DocumentClient({ region, convertEmptyValues: true });
exports.dynamodb = dynamodb;
exports.documents = DynamoDBDocumentClient.from(dynamodb);
