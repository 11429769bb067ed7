/**
 * The local stage's tools (admin, `stage === "local"` only): one route for the shell, each tool its own chunk.
 * The endpoints behind them exist only on the local stage server; on any other stage this shows why not.
 */
import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import Alert from '@cloudscape-design/components/alert';
import { useConsole } from '../../context.tsx';

const EventLog = lazy(() => import('./event-log.tsx'));
const Outbox = lazy(() => import('./outbox.tsx'));
const MqttMonitor = lazy(() => import('./mqtt-monitor.tsx'));
const DeviceSimulator = lazy(() => import('./device-simulator.tsx'));

export default function LocalTools() {
  const { isLocal } = useConsole();
  if (!isLocal) {
    return (
      <Alert type="info" header="Local stage only">
        These tools drive the local stage's stand-ins (the in-process bus, the e-mail outbox, the MQTT broker, the device simulator). They do not
        exist on a deployed stage.
      </Alert>
    );
  }
  return (
    <Routes>
      <Route path="events" element={<EventLog />} />
      <Route path="outbox" element={<Outbox />} />
      <Route path="mqtt" element={<MqttMonitor />} />
      <Route path="devices" element={<DeviceSimulator />} />
      <Route
        path="*"
        element={
          <Alert type="error" header="No such tool">
            Nothing lives at {window.location.pathname}.
          </Alert>
        }
      />
    </Routes>
  );
}
