/**
 * IAM statements given to components, and the one rule every role in Switchboard keeps: no `Action: "*"`
 * and no whole-service wildcard (`"chime:*"`). Grants name the actions they need; partial wildcards
 * scoped to a verb (`"s3:Get*"`) are allowed.
 */
import * as pulumi from '@pulumi/pulumi';

export interface PolicyStatement {
  /** @default 'Allow' */
  readonly Effect?: 'Allow' | 'Deny';
  /** Plain strings (checked synchronously), e.g. `"dynamodb:GetItem"`. */
  readonly Action: string | readonly string[];
  readonly Resource: pulumi.Input<string> | readonly pulumi.Input<string>[];
  readonly Condition?: pulumi.Input<Record<string, unknown>>;
  readonly Sid?: string;
}

/** A whole-service or global wildcard: `*`, `chime:*`, `*:*`. */
export function isBroadWildcardAction(action: string): boolean {
  return action.trim() === '*' || /^[^:]*:\*$/.test(action.trim());
}

/** Throws (synchronously, naming the component) when a statement is not acceptable. */
export function assertAcceptableStatements(statements: readonly PolicyStatement[], owner: string): void {
  statements.forEach((statement, index) => {
    const where = `${owner}: statement ${index}${statement.Sid ? ` (${statement.Sid})` : ''}`;
    if ('NotAction' in statement || 'NotResource' in statement) {
      throw new Error(`${where}: NotAction/NotResource grant by exclusion; list the actions and resources instead`);
    }
    const actions = typeof statement.Action === 'string' ? [statement.Action] : statement.Action;
    if (!Array.isArray(actions) || actions.length === 0) throw new Error(`${where}: Action must name at least one action`);
    for (const action of actions) {
      if (typeof action !== 'string' || !/^[a-z0-9-]+:[A-Za-z0-9*]+$|^\*$/.test(action.trim())) {
        throw new Error(`${where}: "${String(action)}" is not an IAM action like "dynamodb:GetItem"`);
      }
      if (isBroadWildcardAction(action)) {
        throw new Error(`${where}: Action "${action}" grants a whole service; name the actions this function needs`);
      }
    }
    const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    if (resources.length === 0 || resources.some((r) => r === undefined || r === '')) {
      throw new Error(`${where}: Resource must name at least one ARN`);
    }
  });
}

/** The policy document, resolving ARNs that are outputs. */
export function policyDocument(statements: readonly PolicyStatement[]): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: '2012-10-17',
    Statement: statements.map((statement) => ({ Effect: 'Allow', ...statement })),
  });
}

/** Who may make the service assume the role: this account's resources, optionally of one ARN pattern. */
export interface ConfusedDeputyGuard {
  readonly account: pulumi.Input<string>;
  /** e.g. `arn:aws:states:<region>:<account>:stateMachine:*` (ArnLike). */
  readonly sourceArn?: pulumi.Input<string>;
}

/**
 * Trust policy letting one AWS service assume a role. With `guard`, the service may assume it only on behalf of
 * this account's resources (`aws:SourceAccount`, and `aws:SourceArn` when given): the cross-service confused-deputy
 * guard AWS recommends. Lambda execution roles take no guard: Lambda documents none for its trust policy, and the
 * role can only be passed to functions of this account (iam:PassRole).
 */
export function assumeRolePolicy(servicePrincipal: string, guard?: ConfusedDeputyGuard): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: servicePrincipal },
        Action: 'sts:AssumeRole',
        ...(guard
          ? {
              Condition: {
                StringEquals: { 'aws:SourceAccount': guard.account },
                ...(guard.sourceArn ? { ArnLike: { 'aws:SourceArn': guard.sourceArn } } : {}),
              },
            }
          : {}),
      },
    ],
  });
}
