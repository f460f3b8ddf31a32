import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The web app (portal and workspace), built into web/dist and served by the API process at `/`. */
export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://localhost:3000', '/verify': 'http://localhost:3000' } },
});
