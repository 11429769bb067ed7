/**
 * One simulated air conditioner, ported from the seed's aircon_simulator.py (field names, ranges and fault effects
 * as recorded in reference/iot-triage-contact-center/simulator-mqtt-messages.examples.json). Pure: the random
 * source is injected, so tests replay it exactly.
 */
import type { DeviceCommand, TelemetryMessage } from '../src/domain/messages.ts';

export type Fault = 'high_temperature' | 'low_pressure' | 'compressor_failure';
const FAULT_CODE: Record<Fault, string> = { high_temperature: 'E1', low_pressure: 'E2', compressor_failure: 'E3' };

export type Random = () => number;

export interface SimulatedDeviceState {
  fault: Fault | null;
  wattageMode: 'normal' | 'abnormal';
  filter: TelemetryMessage['filter_status'];
  runtimeSeconds: number;
  mode: 'cool' | 'off' | 'fan_only';
}

/** Small seeded PRNG (mulberry32), for reproducible runs. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

export class SimulatedAirConditioner {
  private indoor: number;
  private outdoor: number;
  private setpoint: number;
  private mode: 'cool' | 'off' | 'fan_only' = 'cool';
  private pressure = 220;
  private runtimeHours = 0;
  private runtimeSeconds = 0;
  private filter: TelemetryMessage['filter_status'] = 'Clean';
  private fault: Fault | undefined;
  private wattageMode: 'normal' | 'abnormal' = 'normal';
  private reportedCode = 'None';
  connected = true;

  constructor(
    readonly deviceId: string,
    private readonly random: Random,
    private readonly intervalSeconds: number,
  ) {
    this.indoor = 18 + Math.round(random() * 8);
    this.outdoor = 28 + Math.round(random() * 4);
    this.setpoint = 23 + Math.round(random());
  }

  private between(min: number, max: number): number {
    return Math.round(min + this.random() * (max - min));
  }

  /** One reading, plus the error message when the code changed from None to a fault (published once, as the seed does). */
  tick(nowSeconds: number): {
    telemetry: TelemetryMessage & { device_name: string };
    error?: { device_name: string; error_code: string; timestamp: number };
  } {
    this.outdoor = clamp(this.outdoor + this.between(-1, 1), 22, 34);
    const excess = Math.max(0, this.indoor - this.setpoint);
    let compressorOn = this.mode === 'cool' && excess > 0;
    let watts = this.mode === 'off' ? 0 : this.mode === 'fan_only' ? 200 : compressorOn ? Math.min(1200, 800 + 40 * excess) : 0;
    let fan = this.mode === 'off' ? 0 : this.mode === 'fan_only' ? this.between(500, 700) : this.between(1000, 1500);
    if (compressorOn) this.indoor = clamp(this.indoor - 1, 12, 30);
    else this.indoor = clamp(this.indoor + (this.outdoor > this.indoor ? 1 : 0), 12, 30);
    this.pressure = clamp(this.pressure + this.between(-3, 3), 180, 300);
    if (this.wattageMode === 'abnormal' && this.mode === 'cool') watts = this.between(1250, 1800);

    let code = 'None';
    let pressure = this.pressure;
    if (this.fault === 'high_temperature') {
      this.indoor = clamp(this.indoor + this.between(5, 10), 12, 40);
      code = 'E1';
    } else if (this.fault === 'low_pressure') {
      pressure = this.between(50, 60);
      code = 'E2';
    } else if (this.fault === 'compressor_failure') {
      compressorOn = false;
      watts = 0;
      code = 'E3';
    }
    if (compressorOn) {
      this.runtimeSeconds += this.intervalSeconds;
      this.runtimeHours = Math.floor(this.runtimeSeconds / 3600);
      if (this.runtimeHours >= 500 && this.filter === 'Clean') this.filter = 'Needs Cleaning';
    }
    if (this.mode !== 'cool') fan = this.mode === 'off' ? 0 : fan;

    const telemetry = {
      device_name: this.deviceId,
      indoor_temperature_c: this.indoor,
      outdoor_temperature_c: this.outdoor,
      setpoint_temperature_c: this.setpoint,
      mode: this.mode,
      indoor_humidity_percent: this.between(40, 60),
      outdoor_humidity_percent: this.between(55, 85),
      power_consumption_watts: watts,
      compressor_status: compressorOn ? ('On' as const) : ('Off' as const),
      fan_speed_rpm: fan,
      refrigerant_pressure_psi: pressure,
      error_code: code,
      filter_status: this.filter,
      runtime_hours: this.runtimeHours,
    };
    const error =
      code !== 'None' && this.reportedCode === 'None' ? { device_name: this.deviceId, error_code: code, timestamp: nowSeconds } : undefined;
    this.reportedCode = code;
    return { telemetry, ...(error ? { error } : {}) };
  }

  /** What survives a restart of the simulator: a real unit keeps its fault, filter and hours when it reboots. */
  snapshot(): SimulatedDeviceState {
    return { fault: this.fault ?? null, wattageMode: this.wattageMode, filter: this.filter, runtimeSeconds: this.runtimeSeconds, mode: this.mode };
  }

  restore(state: SimulatedDeviceState): void {
    this.fault = state.fault ?? undefined;
    this.wattageMode = state.wattageMode;
    this.filter = state.filter;
    this.runtimeSeconds = state.runtimeSeconds;
    this.runtimeHours = Math.floor(state.runtimeSeconds / 3600);
    this.mode = state.mode;
    // A fault carried over was reported before the restart: do not publish the error message again.
    if (this.fault) this.reportedCode = FAULT_CODE[this.fault];
  }

  /** Obeys one command from devices/{thing}/commands. */
  apply(command: DeviceCommand): void {
    switch (command.action) {
      case 'inject_fault':
        this.fault = command.fault_type;
        break;
      case 'clear_fault':
        this.fault = undefined;
        break;
      case 'set_wattage_mode':
        this.wattageMode = command.wattage_mode;
        break;
      case 'update_filter_status':
        this.filter = command.filter_status;
        break;
      case 'reset_runtime':
        this.runtimeHours = 0;
        this.runtimeSeconds = 0;
        break;
      case 'disconnect':
        this.connected = false;
        break;
    }
  }

  get activeFault(): { fault: Fault; code: string } | undefined {
    return this.fault ? { fault: this.fault, code: FAULT_CODE[this.fault] } : undefined;
  }
}
