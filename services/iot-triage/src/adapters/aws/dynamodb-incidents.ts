/** IncidentRepository on DynamoDB (incidents table; see tables.ts for the slot items). */
import { isConditionalCheckFailed } from '@switchboard/shared/dynamo';
import { GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Incident, IncidentPhase, IncidentStatus } from '../../domain/incident.ts';
import { ConcurrentUpdateError, type IncidentRepository } from '../../domain/ports.ts';

const slotId = (deviceId: string, code: string) => `slot#${deviceId}#${code}`;

/** The stored item: the incident, its kind, and the sparse index key while it is unresolved. */
function toItem(incident: Incident): Record<string, unknown> {
  return { ...incident, kind: 'incident', ...(incident.status !== 'resolved' ? { activeDeviceId: incident.deviceId } : {}) };
}

function toIncident(item: Record<string, unknown> | undefined): Incident | undefined {
  if (item?.kind !== 'incident') return undefined;
  const { kind: _kind, activeDeviceId: _active, ...incident } = item;
  return incident as unknown as Incident;
}

export class DynamoIncidentRepository implements IncidentRepository {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(incidentId: string): Promise<Incident | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { incidentId }, ConsistentRead: true }));
    return toIncident(Item);
  }

  async latestFor(deviceId: string, code: string): Promise<Incident | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { incidentId: slotId(deviceId, code) }, ConsistentRead: true }),
    );
    return typeof Item?.current === 'string' ? this.get(Item.current) : undefined;
  }

  async create(incident: Incident): Promise<boolean> {
    const slot = slotId(incident.deviceId, incident.code);
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { incidentId: slot, kind: 'slot', current: incident.incidentId, open: true },
          ConditionExpression: 'attribute_not_exists(incidentId) OR #open = :false OR #current = :id',
          ExpressionAttributeNames: { '#open': 'open', '#current': 'current' },
          ExpressionAttributeValues: { ':false': false, ':id': incident.incidentId },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      if (!(await this.repairOrphanSlot(slot, incident))) return false;
    }
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(incident),
          ConditionExpression: 'attribute_not_exists(incidentId)',
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
    return true;
  }

  /** A slot whose incident was never written (a crash between the two puts) is taken over, conditionally. */
  private async repairOrphanSlot(slot: string, incident: Incident): Promise<boolean> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { incidentId: slot }, ConsistentRead: true }));
    const current = Item?.current;
    if (typeof current !== 'string' || (await this.get(current))) return false;
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { incidentId: slot, kind: 'slot', current: incident.incidentId, open: true },
          ConditionExpression: '#current = :stale',
          ExpressionAttributeNames: { '#current': 'current' },
          ExpressionAttributeValues: { ':stale': current },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async save(incident: Incident): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(incident),
          ConditionExpression: '#version = :previous',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':previous': incident.version - 1 },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ConcurrentUpdateError(`incident ${incident.incidentId} changed concurrently`);
      throw error;
    }
    // Keep the slot's open flag in step (only while the slot still points at this incident).
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { incidentId: slotId(incident.deviceId, incident.code) },
          UpdateExpression: 'SET #open = :open',
          ConditionExpression: '#current = :id',
          ExpressionAttributeNames: { '#open': 'open', '#current': 'current' },
          ExpressionAttributeValues: { ':open': incident.status !== 'resolved', ':id': incident.incidentId },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async list(query: { deviceId?: string; status?: IncidentStatus; limit?: number }): Promise<Incident[]> {
    const limit = query.limit ?? 100;
    const filter = query.status ? { FilterExpression: '#status = :status', ExpressionAttributeValues: { ':status': query.status } } : {};
    const names = query.status ? { '#status': 'status' } : undefined;
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = query.deviceId
        ? await this.documents.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: 'by-device',
              KeyConditionExpression: 'deviceId = :device',
              ScanIndexForward: false,
              ExclusiveStartKey: start,
              ExpressionAttributeNames: names,
              ...filter,
              ExpressionAttributeValues: { ':device': query.deviceId, ...filter.ExpressionAttributeValues },
            }),
          )
        : await this.documents.send(
            new ScanCommand({
              TableName: this.tableName,
              ExclusiveStartKey: start,
              FilterExpression: ['#kind = :incident', filter.FilterExpression].filter(Boolean).join(' AND '),
              ExpressionAttributeNames: { '#kind': 'kind', ...names },
              ExpressionAttributeValues: { ':incident': 'incident', ...filter.ExpressionAttributeValues },
            }),
          );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start && items.length < limit);
    return items
      .map(toIncident)
      .filter((i): i is Incident => i !== undefined)
      .sort((a, b) => b.openedAt.localeCompare(a.openedAt))
      .slice(0, limit);
  }

  async active(deviceId: string): Promise<Incident[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'active-by-device',
          KeyConditionExpression: 'activeDeviceId = :device',
          ExpressionAttributeValues: { ':device': deviceId },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    // The index lags a write by a moment; the status check keeps a just-resolved incident out.
    return items.map(toIncident).filter((i): i is Incident => i !== undefined && i.status !== 'resolved');
  }

  async due(phase: IncidentPhase, now: string): Promise<Incident[]> {
    const incidents: Incident[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'by-phase',
          KeyConditionExpression: '#phase = :phase AND dueAt <= :now',
          ExpressionAttributeNames: { '#phase': 'phase' },
          ExpressionAttributeValues: { ':phase': phase, ':now': now },
          ExclusiveStartKey: start,
        }),
      );
      incidents.push(...(page.Items ?? []).map(toIncident).filter((i): i is Incident => i !== undefined));
      start = page.LastEvaluatedKey;
    } while (start);
    // The index is eventually consistent: re-read so the engine acts on the current version.
    const fresh = await Promise.all(incidents.map((i) => this.get(i.incidentId)));
    return fresh.filter((i): i is Incident => i !== undefined && i.phase === phase && (i.dueAt ?? '') <= now);
  }
}
