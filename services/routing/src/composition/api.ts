/**
 * The routing REST API behind the HTTP API (payload 2.0), from `handlerEnv.api`. The API Gateway JWT authorizer checks
 * Cognito tokens first; the app checks them again (cached JWKS), so it is safe without the authorizer.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cognitoVerifier, lambdaHandler } from '@switchboard/shared/http';
import packageJson from '../../package.json' with { type: 'json' };
import { DynamoDbCallLog } from '../adapters/aws/dynamodb-call-log.ts';
import { DynamoDbDepartments } from '../adapters/aws/dynamodb-departments.ts';
import { createApp } from '../api/app.ts';
import { loadApiConfig } from '../config.ts';

const config = loadApiConfig();
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const api = lambdaHandler(
  createApp({
    departments: new DynamoDbDepartments({ client: documentClient, tableName: config.DEPARTMENTS_TABLE }),
    callLog: new DynamoDbCallLog({ client: documentClient, tableName: config.CALL_LOG_TABLE }),
    verifier: cognitoVerifier({ userPoolId: config.USER_POOL_ID, clientId: config.USER_POOL_CLIENT_ID }),
    version: packageJson.version,
    allowedCountries: config.ALLOWED_COUNTRIES,
  }),
);
