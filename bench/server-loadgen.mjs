// A small loopback HTTP/1.1 load generator on raw sockets (no HTTP client library in the way):
// CONNECTIONS keep-alive connections, one request in flight on each, a bounded total count.
// Parses just enough of each response: status line, Content-Length or chunked framing.
import { connect } from 'node:net';

/**
 * @param {number} port
 * @param {{ requests: number, connections: number, build: (lane: number) => string, onResponse?: (lane: number, status: number, body: string) => void }} o
 * @returns {Promise<number>} requests per second
 */
export function loadgen(port, o) {
  let issued = 0;
  let finished = 0;
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const lanes = Math.min(o.connections, o.requests);
    let open = lanes;
    for (let lane = 0; lane < lanes; lane++) {
      const sock = connect(port, '127.0.0.1');
      sock.setNoDelay(true);
      let buf = Buffer.alloc(0);
      const fire = () => {
        if (issued >= o.requests) { sock.end(); if (--open === 0) resolve(o.requests / ((performance.now() - start) / 1000)); return; }
        issued++;
        sock.write(o.build(lane));
      };
      sock.on('connect', fire);
      sock.on('error', reject);
      sock.on('data', (d) => {
        buf = buf.length ? Buffer.concat([buf, d]) : d;
        for (;;) {
          const head = buf.indexOf('\r\n\r\n');
          if (head < 0) return;
          const headers = buf.subarray(0, head).toString('latin1');
          const status = Number(headers.slice(9, 12));
          const cl = /\r\ncontent-length: *(\d+)/i.exec(headers);
          let bodyEnd;
          let body;
          if (cl) {
            bodyEnd = head + 4 + Number(cl[1]);
            if (buf.length < bodyEnd) return;
            body = buf.subarray(head + 4, bodyEnd).toString();
          } else if (/\r\ntransfer-encoding: *chunked/i.test(headers)) {
            const parts = [];
            let at = head + 4;
            for (;;) {
              const eol = buf.indexOf('\r\n', at);
              if (eol < 0) return;
              const size = parseInt(buf.subarray(at, eol).toString('latin1'), 16);
              if (buf.length < eol + 2 + size + 2) return;
              if (size === 0) { bodyEnd = eol + 4; break; }
              parts.push(buf.subarray(eol + 2, eol + 2 + size));
              at = eol + 2 + size + 2;
            }
            body = Buffer.concat(parts).toString();
          } else { bodyEnd = head + 4; body = ''; }
          buf = buf.subarray(bodyEnd);
          finished++;
          if (o.onResponse) o.onResponse(lane, status, body);
          fire();
        }
      });
    }
  });
}

/** A request's bytes. */
export function httpRequest(method, path, headers = {}, body = '') {
  let s = `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: keep-alive\r\n`;
  for (const [k, v] of Object.entries(headers)) s += `${k}: ${v}\r\n`;
  if (body || method === 'POST') s += `content-length: ${Buffer.byteLength(body)}\r\n`;
  return `${s}\r\n${body}`;
}
