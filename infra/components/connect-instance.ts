/**
 * `ConnectInstance`: the Amazon Connect instance callouts (outbound campaigns) and sms (chat bridge) share.
 * Created per stage — instance, hours of operation, an outbound queue and a claimed phone number — or taken
 * from stack config when an organisation already runs one (a Connect instance carries contracts, numbers
 * and agents that a stage must not recreate).
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { ConnectConfig } from '../config.ts';

export interface ConnectInstanceArgs {
  /** `create` (with alias, hours and number) or `existing` (ARN, queue id, number). */
  readonly config: ConnectConfig;
  /** Default instance alias, `${project}-${stage}-<name suffix>` (aliases are globally unique). */
  readonly defaultAlias: pulumi.Input<string>;
  /**
   * Pulumi protect on the instance and its number (a released number is gone for good).
   * @default false
   */
  readonly protect?: boolean;
  /**
   * Tags on every resource.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

function hoursAndMinutes(time: string): { hours: number; minutes: number } {
  const [hours, minutes] = time.split(':').map(Number);
  return { hours: hours ?? 0, minutes: minutes ?? 0 };
}

export class ConnectInstance extends pulumi.ComponentResource {
  readonly instanceId: pulumi.Output<string>;
  readonly instanceArn: pulumi.Output<string>;
  readonly queueId: pulumi.Output<string>;
  readonly phoneNumber: pulumi.Output<string>;

  constructor(name: string, args: ConnectInstanceArgs, opts?: pulumi.ComponentResourceOptions) {
    super('switchboard:connect:ConnectInstance', name, {}, opts);
    const { config } = args;
    const tags = args.tags ?? {};

    if (config.mode === 'existing') {
      const instanceId = config.instanceArn.split('/').pop();
      if (!instanceId) throw new Error(`ConnectInstance ${name}: cannot read the instance id from ${config.instanceArn}`);
      this.instanceArn = pulumi.output(config.instanceArn);
      this.instanceId = pulumi.output(instanceId);
      this.queueId = pulumi.output(config.queueId);
      this.phoneNumber = pulumi.output(config.phoneNumber);
    } else {
      const alias = config.instanceAlias ?? args.defaultAlias;
      const opens = hoursAndMinutes(config.opensAt);
      const closes = hoursAndMinutes(config.closesAt);
      if (closes.hours * 60 + closes.minutes <= opens.hours * 60 + opens.minutes) {
        throw new Error(`ConnectInstance ${name}: closesAt ${config.closesAt} must be after opensAt ${config.opensAt}`);
      }

      const instance = new aws.connect.Instance(
        `${name}-instance`,
        {
          instanceAlias: alias,
          identityManagementType: 'CONNECT_MANAGED',
          inboundCallsEnabled: true,
          outboundCallsEnabled: true,
          contactFlowLogsEnabled: true,
          tags,
        },
        { parent: this, protect: args.protect },
      );
      const hours = new aws.connect.HoursOfOperation(
        `${name}-hours`,
        {
          instanceId: instance.id,
          name: 'Switchboard opening hours',
          description: `${config.days.join(', ')} ${config.opensAt}–${config.closesAt} ${config.timeZone}`,
          timeZone: config.timeZone,
          configs: config.days.map((day) => ({ day, startTime: opens, endTime: closes })),
          tags,
        },
        { parent: this },
      );
      const phone = new aws.connect.PhoneNumber(
        `${name}-phone-number`,
        {
          targetArn: instance.arn,
          countryCode: config.phoneNumber.countryCode,
          type: config.phoneNumber.type,
          prefix: config.phoneNumber.prefix,
          description: pulumi.interpolate`${alias}: outbound caller id and SMS origination`,
          tags,
        },
        { parent: this, protect: args.protect },
      );
      const queue = new aws.connect.Queue(
        `${name}-queue`,
        {
          instanceId: instance.id,
          name: 'Switchboard outbound',
          description: 'Outbound calls placed by callouts and sms deflection',
          hoursOfOperationId: hours.hoursOfOperationId,
          outboundCallerConfig: { outboundCallerIdNumberId: phone.id, outboundCallerIdName: 'Switchboard' },
          tags,
        },
        { parent: this },
      );
      this.instanceArn = instance.arn;
      this.instanceId = instance.id;
      this.queueId = queue.queueId;
      this.phoneNumber = phone.phoneNumber;
    }
    this.registerOutputs({ instanceId: this.instanceId, queueId: this.queueId, phoneNumber: this.phoneNumber });
  }
}
