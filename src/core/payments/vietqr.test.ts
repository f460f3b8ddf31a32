import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildVietQr, crc16CcittFalse, parseVietQr, readTlv, VietQrError } from './vietqr.ts';

/**
 * Payloads produced by independent implementations, with their published CRC (read, not copied as code):
 * - subiz/vietqr README.md (Go, MIT), commit 0861e8ad89bca9675c54a736a214a5c30726952e: a static payload
 *   without amount (CRC CBB4) and a dynamic one with amount and description (E5DB); an earlier version of the
 *   same README: 120,000 đồng to VietinBank 0011001932418 "ung ho lu lut" (C15C).
 * - a payOS payment link stored in a public sample database dump: 7,000 đồng to 970422 (MB), reference
 *   "TL89 100" (E346): a payload of a production payment provider.
 * - a public PHP project's unit tests of its VietQR service: a transfer to a card (QRIBFTTC, A203).
 */
const PUBLISHED = [
  {
    payload: '00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4',
    fields: { initiation: 'static', bin: '970423', account: '0099999999', service: 'QRIBFTTA' },
  },
  {
    payload:
      '00020101021238630010A0000007270133000697042201190023457923442ASDFLJ0208QRIBFTTA53037045405401235802VN62290825chuyen khoan alsdkf laksj6304E5DB',
    fields: {
      initiation: 'dynamic',
      bin: '970422',
      account: '0023457923442ASDFLJ',
      service: 'QRIBFTTA',
      amountVnd: 40123,
      reference: 'chuyen khoan alsdkf laksj',
    },
  },
  {
    payload:
      '00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C',
    fields: {
      initiation: 'dynamic',
      bin: '970415',
      account: '0011001932418',
      service: 'QRIBFTTA',
      amountVnd: 120000,
      reference: 'ung ho lu lut',
    },
  },
  {
    payload:
      '00020101021238570010A000000727012700069704220113VQRQADAIJ55120208QRIBFTTA5303704540470005802VN62120808TL89 1006304E346',
    fields: {
      initiation: 'dynamic',
      bin: '970422',
      account: 'VQRQADAIJ5512',
      service: 'QRIBFTTA',
      amountVnd: 7000,
      reference: 'TL89 100',
    },
  },
  {
    payload:
      '00020101021238600010A00000072701300006970403011697040311012345670208QRIBFTTC530370454061800005802VN62340107NPS68690819thanh toan don hang6304A203',
    fields: {
      initiation: 'dynamic',
      bin: '970403',
      account: '9704031101234567',
      service: 'QRIBFTTC',
      amountVnd: 180000,
      reference: 'thanh toan don hang',
    },
  },
] as const;

describe('crc16CcittFalse', () => {
  it('gives the catalogued check value of CRC-16/CCITT-FALSE ("123456789" → 29B1)', () => {
    expect(crc16CcittFalse('123456789')).toBe('29B1');
  });

  it('gives the CRC the independent implementations published', () => {
    for (const { payload } of PUBLISHED) {
      expect(crc16CcittFalse(payload.slice(0, -4))).toBe(payload.slice(-4));
    }
  });
});

describe('parseVietQr', () => {
  it('decodes payloads of independent implementations to their fields', () => {
    for (const { payload, fields } of PUBLISHED) expect(parseVietQr(payload)).toEqual(fields);
  });

  it('reads a payload with tags it does not use (merchant category 52, name 59, city 60) and no initiation tag', () => {
    const body =
      '000201' +
      '38540010A00000072701240006970436011010234567890208QRIBFTTA' +
      '52045999' +
      '5303704' +
      '5802VN' +
      '5910UBND CAI K' +
      '6007CAN THO' +
      '6304';
    expect(parseVietQr(body + crc16CcittFalse(body))).toEqual({
      initiation: 'static',
      bin: '970436',
      account: '1023456789',
      service: 'QRIBFTTA',
    });
  });

  it('refuses a payload whose CRC does not match (one digit of the amount changed)', () => {
    const forged = PUBLISHED[2].payload.replace('5406120000', '5406920000');
    expect(() => parseVietQr(forged)).toThrow(expect.objectContaining({ problem: 'crc' }));
  });

  it('refuses a payload without CRC, or cut short', () => {
    expect(() => parseVietQr('000201')).toThrow(VietQrError);
    const body = '0002010102123899';
    expect(() => parseVietQr(`${body}6304${crc16CcittFalse(`${body}6304`)}`)).toThrow(
      expect.objectContaining({ problem: 'syntax' }),
    );
  });

  it('refuses another currency, another country or another scheme', () => {
    const resign = (p: string) => {
      const body = p.slice(0, -4);
      return body + crc16CcittFalse(body);
    };
    const base = PUBLISHED[2].payload;
    expect(() => parseVietQr(resign(base.replace('5303704', '5303840')))).toThrow(
      expect.objectContaining({ problem: 'currency' }),
    );
    expect(() => parseVietQr(resign(base.replace('5802VN', '5802SG')))).toThrow(
      expect.objectContaining({ problem: 'country' }),
    );
    expect(() => parseVietQr(resign(base.replace('A000000727', 'A000000999')))).toThrow(
      expect.objectContaining({ problem: 'merchant' }),
    );
  });
});

describe('buildVietQr', () => {
  it('writes the same payload as an independent implementation for the same transfer', () => {
    expect(
      buildVietQr({ bin: '970415', account: '0011001932418', amountVnd: 120000, reference: 'ung ho lu lut' }),
    ).toBe(PUBLISHED[2].payload);
    expect(buildVietQr({ bin: '970423', account: '0099999999' })).toBe(PUBLISHED[0].payload);
  });

  it('puts the record code in tag 62-08 and the amount in tag 54', () => {
    const payload = buildVietQr({
      bin: '970436',
      account: '0071000888999',
      amountVnd: 400000,
      reference: 'H13.101.01-261206-0001',
    });
    const tags = readTlv(payload);
    expect(tags.map((t) => t.id)).toEqual(['00', '01', '38', '53', '54', '58', '62', '63']);
    expect(tags.find((t) => t.id === '54')?.value).toBe('400000');
    expect(readTlv(tags.find((t) => t.id === '62')?.value ?? '')).toEqual([
      { id: '08', value: 'H13.101.01-261206-0001' },
    ]);
  });

  it('refuses what a bank would not read: a BIN that is not 6 digits, a fractional amount, a Vietnamese reference', () => {
    expect(() => buildVietQr({ bin: '97043', account: '1' })).toThrow(
      expect.objectContaining({ problem: 'bin' }),
    );
    expect(() => buildVietQr({ bin: '970436', account: '1', amountVnd: 10.5 })).toThrow(
      expect.objectContaining({ problem: 'amount' }),
    );
    expect(() => buildVietQr({ bin: '970436', account: '1', amountVnd: 0 })).toThrow(
      expect.objectContaining({ problem: 'amount' }),
    );
    expect(() => buildVietQr({ bin: '970436', account: '1', reference: 'lệ phí' })).toThrow(
      expect.objectContaining({ problem: 'reference' }),
    );
    expect(() => buildVietQr({ bin: '970436', account: '12345678901234567890' })).toThrow(
      expect.objectContaining({ problem: 'account' }),
    );
  });

  it('round-trips: whatever it builds parses back to the same fields, and any changed character breaks the CRC', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{6}$/),
        fc.stringMatching(/^[A-Za-z0-9]{1,19}$/),
        fc.option(fc.integer({ min: 1, max: 9_999_999_999_999 }), { nil: undefined }),
        fc.option(fc.stringMatching(/^[A-Za-z0-9.-][A-Za-z0-9 .-]{0,24}$/), { nil: undefined }),
        fc.constantFrom('QRIBFTTA' as const, 'QRIBFTTC' as const),
        fc.nat(),
        (bin, account, amountVnd, reference, service, at) => {
          const payload = buildVietQr({ bin, account, amountVnd, reference, service });
          expect(parseVietQr(payload)).toEqual({
            initiation: amountVnd === undefined ? 'static' : 'dynamic',
            bin,
            account,
            service,
            ...(amountVnd === undefined ? {} : { amountVnd }),
            ...(reference === undefined ? {} : { reference }),
          });
          // A single changed character of the content is always caught by the CRC (or the syntax check).
          const i = at % (payload.length - 4);
          const changed = payload.slice(0, i) + (payload[i] === '7' ? '8' : '7') + payload.slice(i + 1);
          expect(() => parseVietQr(changed)).toThrow(VietQrError);
        },
      ),
      { numRuns: 300 },
    );
  });
});
