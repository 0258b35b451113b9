export { startServer, documentPath, DIAGNOSTICS_DELAY_MS, type ServerOptions } from './server.js';
