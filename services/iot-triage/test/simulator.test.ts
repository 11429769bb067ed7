/** The simulated air conditioner: the seed's message shape, fault effects, one error per transition, commands. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimulatedAirConditioner, seededRandom } from '../simulator/device.ts';
import { parseErrorMessage, parseTelemetry } from '../src/domain/messages.ts';

const device = () => new SimulatedAirConditioner('aircon_1', seededRandom(1), 60);

test('every reading is a valid seed-shaped telemetry message for its own device', () => {
  const d = device();
  for (let i = 0; i < 200; i++) {
    const { telemetry, error } = d.tick(1_741_094_472 + i * 60);
    const parsed = parseTelemetry('aircon_1', telemetry);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
    assert.is(error, undefined);
    assert.ok(telemetry.power_consumption_watts <= 1200);
  }
});

test('faults: E1 heats, E2 drops pressure to 50–60 psi, E3 stops the compressor; the error is published once per transition', () => {
  const cases = [
    ['high_temperature', 'E1'],
    ['low_pressure', 'E2'],
    ['compressor_failure', 'E3'],
  ] as const;
  // Device time in Unix seconds, as the simulator stamps it (the error schema refuses anything before 2000).
  const T = 1_741_094_472;
  for (const [fault, code] of cases) {
    const d = device();
    const before = d.tick(T + 1).telemetry;
    d.apply({ action: 'inject_fault', fault_type: fault });
    const first = d.tick(T + 2);
    const second = d.tick(T + 3);
    assert.is(first.telemetry.error_code, code);
    assert.ok(first.error && parseErrorMessage('aircon_1', first.error).ok);
    assert.is(first.error?.error_code, code);
    assert.is(second.error, undefined, 'not re-published while the fault persists');
    if (code === 'E1') assert.ok(first.telemetry.indoor_temperature_c >= before.indoor_temperature_c + 4);
    if (code === 'E2') assert.ok(first.telemetry.refrigerant_pressure_psi >= 50 && first.telemetry.refrigerant_pressure_psi <= 60);
    if (code === 'E3') assert.equal([first.telemetry.compressor_status, first.telemetry.power_consumption_watts], ['Off', 0]);
    d.apply({ action: 'clear_fault' });
    assert.is(d.tick(T + 4).telemetry.error_code, 'None');
    d.apply({ action: 'inject_fault', fault_type: fault });
    assert.is(d.tick(T + 5).error?.error_code, code, 'a new occurrence after clearing is published again');
  }
});

test('commands: abnormal wattage (1250–1800 W), filter status, runtime reset, disconnect', () => {
  const d = device();
  d.apply({ action: 'set_wattage_mode', wattage_mode: 'abnormal' });
  const watts = Array.from({ length: 20 }, (_, i) => d.tick(i).telemetry.power_consumption_watts);
  assert.ok(
    watts.every((w) => w >= 1250 && w <= 1800),
    watts.join(','),
  );
  d.apply({ action: 'set_wattage_mode', wattage_mode: 'normal' });
  assert.ok(d.tick(30).telemetry.power_consumption_watts <= 1200);
  d.apply({ action: 'update_filter_status', filter_status: 'Replace' });
  assert.is(d.tick(31).telemetry.filter_status, 'Replace');
  d.apply({ action: 'reset_runtime' });
  assert.is(d.tick(32).telemetry.runtime_hours, 0);
  d.apply({ action: 'disconnect' });
  assert.is(d.connected, false);
});

test.run();
