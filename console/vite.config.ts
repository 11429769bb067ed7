/**
 * `npm run build -w @switchboard/console` → dist/ (what the local stage serves and the stage program uploads).
 * `npm run dev -w @switchboard/console` → Vite's dev server on :5173, with `/config.json` and local sign-in
 * proxied to a running `npm start` (SWITCHBOARD_STAGE_URL, default http://127.0.0.1:4000).
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const stage = process.env.SWITCHBOARD_STAGE_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/config.json': stage, '/local': stage },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Swagger UI (API docs page only) is one large chunk, loaded on that page alone.
    chunkSizeWarningLimit: 1600,
  },
});
