// The reference point for `npm run bench`: a bare fastify route returning fixed JSON, in its own
// process like the sidecar, so that both pay the same process and HTTP costs.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/bare', async () => ({ ok: true, data: { allowed: true }, requestId: 'bare' }));
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ event: 'listening', port: app.server.address().port })}\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
