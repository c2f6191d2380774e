// Bounded input: oversized headers, bodies, parameters and nesting are answered 4xx, quickly.
import { asm, type Ctx } from '../internal/context';
import { str, type Observed } from '../internal/http';
import { expect, forEach, type Property } from '../internal/property';

const QUICK_MS = 5000;

type Case = 'authorization-64k' | 'token-body-1m' | 'token-10k-params' | 'authorize-state-100k' | 'register-nested-100k';

async function send(ctx: Ctx, kind: Case): Promise<Observed | undefined> {
  const m = asm(ctx);
  const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  switch (kind) {
    case 'authorization-64k':
      if (!ctx.d.mcpUrl) return undefined;
      return ctx.http.send('POST', ctx.d.mcpUrl, { headers: { 'content-type': 'application/json', authorization: `Bearer ${'a'.repeat(65_536)}` }, body: '{}' });
    case 'token-body-1m':
      return ctx.http.send('POST', str(m, 'token_endpoint')!, { headers: form, body: `grant_type=authorization_code&code=${'a'.repeat(1_048_576)}` });
    case 'token-10k-params':
      return ctx.http.send('POST', str(m, 'token_endpoint')!, { headers: form, body: Array.from({ length: 10_000 }, (_, i) => `p${i}=x`).join('&') });
    case 'authorize-state-100k': {
      const u = new URL(str(m, 'authorization_endpoint')!);
      u.searchParams.set('response_type', 'code');
      u.searchParams.set('client_id', 'conformance-unknown-client');
      u.searchParams.set('state', 's'.repeat(102_400));
      return ctx.http.send('GET', u.href);
    }
    case 'register-nested-100k': {
      const reg = str(m, 'registration_endpoint');
      if (!reg) return undefined;
      return ctx.http.send('POST', reg, { headers: { 'content-type': 'application/json' }, body: `{"redirect_uris":${'['.repeat(100_000)}${']'.repeat(100_000)}}` });
    }
  }
}

export const boundedInputProperty: Property = {
  id: 'A-DOS-1', title: 'oversized headers, bodies, parameter counts, query strings and nesting are answered 4xx within 5 s', intrusive: true,
  fix: 'bound header, URL and body sizes, parameter counts and JSON depth before parsing, and answer 400/413/414/431 (ATTACKS.md 76)',
  async run(ctx) {
    asm(ctx);
    const kinds: Case[] = ['authorization-64k', 'token-body-1m', 'token-10k-params', 'authorize-state-100k', 'register-nested-100k'];
    let sent = 0;
    await forEach(ctx, kinds, async (kind) => {
      let o: Observed | undefined;
      try { o = await send(ctx, kind); } catch (e) {
        // A server (or its HTTP stack) that closes the connection on an oversized request bounded it too.
        if (e instanceof TypeError) return;
        throw e;
      }
      if (!o) return;
      sent++;
      expect(o.status >= 400 && o.status < 500, `${kind} was answered ${o.status}, not 4xx`, o);
      expect(o.ms < QUICK_MS, `${kind} took ${o.ms} ms`, o);
    }, (k) => k);
    return `${sent} oversized requests answered 4xx within ${QUICK_MS} ms`;
  },
};
