/**
 * Which resource types each IAM action the platform uses accepts — from the AWS Service Authorization Reference
 * ("Actions, resources, and condition keys for <service>", the Resource types column). An action with no resource
 * type (`[]`) is granted only with `Resource: "*"`: a statement scoped to an ARN matches nothing for it. Every
 * action a policy of the program uses must be listed here (the invariant says so when one is missing).
 */

const region = '[a-z0-9-]*';
const account = '(?:\\d{12}|\\*)?';
const arn = (service: string, resource: string) => new RegExp(`^arn:aws:${service}:${region}:${account}:${resource}$`);

/** ARN shapes by `<service>:<resource type>`. `.+` segments accept names, ids and `*` wildcards. */
export const resourceTypes: Readonly<Record<string, RegExp>> = {
  'dynamodb:table': arn('dynamodb', 'table/[^/]+'),
  'dynamodb:index': arn('dynamodb', 'table/[^/]+/index/.+'),
  'sqs:queue': arn('sqs', '[^:/]+'),
  'sns:topic': arn('sns', '[^:/]+'),
  'lambda:function': arn('lambda', 'function:[^:]+(?::.+)?'),
  'logs:log-group': arn('logs', 'log-group:.+'),
  'logs:log-stream': arn('logs', 'log-group:.+'),
  'events:event-bus': arn('events', 'event-bus/.+'),
  'states:stateMachine': arn('states', 'stateMachine:[^:]+'),
  'states:execution': arn('states', 'execution:[^:]+[:/].+'),
  's3:bucket': /^arn:aws:s3:::[^/]+$/,
  's3:object': /^arn:aws:s3:::[^/]+\/.+$/,
  'kms:key': arn('kms', 'key/.+'),
  'secretsmanager:secret': arn('secretsmanager', 'secret:.+'),
  'connect:contact': arn('connect', 'instance/[^/]+/contact/.+'),
  'connect:contact-flow': arn('connect', 'instance/[^/]+/contact-flow/.+'),
  'lex:bot': arn('lex', 'bot/[^/]+'),
  'lex:bot-alias': arn('lex', 'bot-alias/[^/]+/[^/]+'),
  'bedrock:knowledge-base': arn('bedrock', 'knowledge-base/.+'),
  'bedrock:agent-alias': arn('bedrock', 'agent-alias/[^/]+/[^/]+'),
  'bedrock:foundation-model': /^arn:aws:bedrock:[a-z0-9-]*::foundation-model\/.+$/,
  'bedrock:inference-profile': arn('bedrock', 'inference-profile/.+'),
  's3vectors:index': arn('s3vectors', 'bucket/[^/]+/index/.+'),
  'ses:identity': arn('ses', 'identity/.+'),
  'sms-voice:phone-number': arn('sms-voice', 'phone-number/.+'),
  'sms-voice:pool': arn('sms-voice', 'pool/.+'),
  'sms-voice:sender-id': arn('sms-voice', 'sender-id/.+'),
  'sms-voice:configuration-set': arn('sms-voice', 'configuration-set/.+'),
  'mobiletargeting:apps': arn('mobiletargeting', 'apps/.+'),
  'mobiletargeting:phone-number-validate': arn('mobiletargeting', 'phone/number/validate'),
  'chime:voice-connector': arn('chime', 'vc/.+'),
  'iot:topic': arn('iot', 'topic/.+'),
  'iot:topicfilter': arn('iot', 'topicfilter/.+'),
  'iot:client': arn('iot', 'client/.+'),
  'route53:hostedzone': /^arn:aws:route53:::hostedzone\/.+$/,
  'route53:change': /^arn:aws:route53:::change\/.+$/,
  'polly:lexicon': arn('polly', 'lexicon/.+'),
};

export interface ActionResources {
  /** Resource types (keys of `resourceTypes`); `[]` = none, the action needs `Resource: "*"`. */
  readonly types: readonly string[];
  /** The types are optional for this action (e.g. Polly lexicons): `"*"` is acceptable too. */
  readonly starAllowed?: true;
}

const none: ActionResources = { types: [] };
const on = (...types: string[]): ActionResources => ({ types });

export const actionResourceTypes: Readonly<Record<string, ActionResources>> = {
  // Amazon DynamoDB
  ...Object.fromEntries(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'].map((a) => [`dynamodb:${a}`, on('dynamodb:table')])),
  'dynamodb:Query': on('dynamodb:table', 'dynamodb:index'),
  'dynamodb:Scan': on('dynamodb:table', 'dynamodb:index'),
  // Amazon SQS, SNS, EventBridge, Lambda
  ...Object.fromEntries(
    ['SendMessage', 'ReceiveMessage', 'DeleteMessage', 'GetQueueAttributes', 'ChangeMessageVisibility'].map((a) => [`sqs:${a}`, on('sqs:queue')]),
  ),
  'sns:Publish': on('sns:topic'),
  'events:PutEvents': on('events:event-bus'),
  'lambda:InvokeFunction': on('lambda:function'),
  // CloudWatch Logs: the log-delivery actions Step Functions logging needs name no resource type.
  'logs:CreateLogStream': on('logs:log-group'),
  'logs:PutLogEvents': on('logs:log-stream'),
  ...Object.fromEntries(
    [
      'CreateLogDelivery',
      'GetLogDelivery',
      'UpdateLogDelivery',
      'DeleteLogDelivery',
      'ListLogDeliveries',
      'PutResourcePolicy',
      'DescribeResourcePolicies',
      'DescribeLogGroups',
    ].map((a) => [`logs:${a}`, none]),
  ),
  // AWS Step Functions: SendTaskSuccess/Failure/Heartbeat name no resource type (the task token is the capability).
  'states:StartExecution': on('states:stateMachine'),
  'states:DescribeExecution': on('states:execution'),
  'states:StopExecution': on('states:execution'),
  'states:SendTaskSuccess': none,
  'states:SendTaskFailure': none,
  'states:SendTaskHeartbeat': none,
  // Amazon S3, KMS, Secrets Manager, SES
  's3:GetObject': on('s3:object'),
  's3:PutObject': on('s3:object'),
  's3:ListBucket': on('s3:bucket'),
  'kms:Encrypt': on('kms:key'),
  'kms:Decrypt': on('kms:key'),
  'kms:GenerateDataKey': on('kms:key'),
  'secretsmanager:GetSecretValue': on('secretsmanager:secret'),
  'ses:SendEmail': on('ses:identity'),
  // Amazon Connect: StartOutboundVoiceContact and StartContactStreaming act on a contact; StartChatContact on the flow.
  'connect:StartOutboundVoiceContact': on('connect:contact'),
  'connect:StartContactStreaming': on('connect:contact'),
  'connect:StartChatContact': on('connect:contact-flow'),
  // Amazon Lex V2
  'lex:RecognizeText': on('lex:bot-alias'),
  'lex:PutSession': on('lex:bot-alias'),
  'lex:StartConversation': on('lex:bot-alias'),
  'lex:DescribeBotAlias': on('lex:bot-alias'),
  'lex:UpdateBotAlias': on('lex:bot-alias'),
  ...Object.fromEntries(
    [
      'DescribeBotLocale',
      'DescribeBotVersion',
      'CreateBotVersion',
      'ListIntents',
      'CreateIntent',
      'UpdateIntent',
      'DeleteIntent',
      'BuildBotLocale',
    ].map((a) => [`lex:${a}`, on('lex:bot')]),
  ),
  // Amazon Bedrock
  'bedrock:InvokeModel': on('bedrock:foundation-model', 'bedrock:inference-profile'),
  'bedrock:InvokeAgent': on('bedrock:agent-alias'),
  'bedrock:Retrieve': on('bedrock:knowledge-base'),
  'bedrock:StartIngestionJob': on('bedrock:knowledge-base'),
  'bedrock:GetIngestionJob': on('bedrock:knowledge-base'),
  'bedrock:ListIngestionJobs': on('bedrock:knowledge-base'),
  ...Object.fromEntries(
    ['PutVectors', 'GetVectors', 'DeleteVectors', 'QueryVectors', 'GetIndex'].map((a) => [`s3vectors:${a}`, on('s3vectors:index')]),
  ),
  // End User Messaging SMS, Pinpoint
  'sms-voice:SendTextMessage': on('sms-voice:phone-number', 'sms-voice:pool', 'sms-voice:sender-id', 'sms-voice:configuration-set'),
  'mobiletargeting:SendMessages': on('mobiletargeting:apps'),
  'mobiletargeting:PhoneNumberValidate': on('mobiletargeting:phone-number-validate'),
  // Amazon Chime SDK voice: the Voice Connector actions take the connector; phone-number and SIP-rule actions none.
  'chime:AssociatePhoneNumbersWithVoiceConnector': on('chime:voice-connector'),
  'chime:DisassociatePhoneNumbersFromVoiceConnector': on('chime:voice-connector'),
  'chime:GetVoiceConnector': on('chime:voice-connector'),
  'chime:GetVoiceConnectorTermination': on('chime:voice-connector'),
  'chime:PutVoiceConnectorTermination': on('chime:voice-connector'),
  ...Object.fromEntries(
    [
      'GetPhoneNumber',
      'UpdatePhoneNumber',
      'ListPhoneNumbers',
      'ListSipRules',
      'GetSipRule',
      'CreateSipRule',
      'UpdateSipRule',
      'DeleteSipRule',
      'ListVoiceConnectors',
    ].map((a) => [`chime:${a}`, none]),
  ),
  // AWS IoT
  'iot:Connect': on('iot:client'),
  'iot:Publish': on('iot:topic'),
  'iot:Receive': on('iot:topic'),
  'iot:Subscribe': on('iot:topicfilter'),
  // Route 53, EC2, Polly
  'route53:ChangeResourceRecordSets': on('route53:hostedzone'),
  'route53:GetChange': on('route53:change'),
  'route53:ListHostedZones': none,
  'ec2:DescribeNetworkInterfaces': none,
  'polly:SynthesizeSpeech': { types: ['polly:lexicon'], starAllowed: true },
};
