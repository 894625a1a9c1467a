import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

// Two pages, one build: the big screen (index.html, served at /) and the KPI wall (kpi.html,
// served at /kpi). Relative asset paths so the server may mount dist/ anywhere.
export default defineConfig({
  root,
  base: './',
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: { index: resolve(root, 'index.html'), kpi: resolve(root, 'kpi.html') },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:8080', ws: true, changeOrigin: true } },
    // The district boundaries are read from the simulator's data folder.
    fs: { allow: [resolve(root, '../..')] },
  },
});
