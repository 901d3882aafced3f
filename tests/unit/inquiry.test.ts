import { describe, expect, it } from 'vitest';
import { checkInquiry, INQUIRY_LIMITS } from '@blog/shared';

const reader = {
  name: 'Mette Sørensen',
  email: 'mette@firma.example',
  company: '',
  phone: '',
  message: 'Hej\r\nVi vil gerne høre mere.',
};

describe('checkInquiry', () => {
  it('accepts a normal message, tidied: trimmed, line breaks as \\n, NFC', () => {
    const result = checkInquiry({
      ...reader,
      name: '  Mette Sørensen ',
      company: 'Firma A/S',
      phone: '+45 12 34 56 78',
      extra: 'ignored',
    });
    expect(result).toEqual({
      ok: true,
      inquiry: {
        name: 'Mette Sørensen',
        email: 'mette@firma.example',
        company: 'Firma A/S',
        phone: '+45 12 34 56 78',
        message: 'Hej\nVi vil gerne høre mere.',
      },
    });
    const decomposed = checkInquiry({ ...reader, name: 'Mette Ma\u030Artensson' });
    expect(decomposed.ok && decomposed.inquiry.name).toBe('Mette Mårtensson');
  });

  it('names each missing required field in Danish, and keeps what was typed', () => {
    const result = checkInquiry({ company: 'Firma', message: '  ' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors)).toEqual(['name', 'email', 'message']);
    expect(result.errors.name).toBe('Skriv dit navn.');
    expect(result.values.company).toBe('Firma');
  });

  it('refuses what is too long, naming the limit and the length', () => {
    const result = checkInquiry({ ...reader, message: 'x'.repeat(INQUIRY_LIMITS.message + 1) });
    expect(!result.ok && result.errors.message).toBe(
      'Besked må højst være 5.000 tegn; der er 5.001.',
    );
    expect(checkInquiry({ ...reader, message: 'x'.repeat(INQUIRY_LIMITS.message) }).ok).toBe(true);
  });

  it('refuses line breaks and control characters in one-line fields, and controls in the message', () => {
    for (const [field, value] of [
      ['name', 'Eve\r\nBcc: x@example.test'],
      ['email', 'eve@example.test\nBcc: x@example.test'],
      ['company', 'A\u0000B'],
      ['name', 'Eve\u2028Bcc'],
      ['message', 'Hej\u0007'],
    ] as const) {
      const result = checkInquiry({ ...reader, [field]: value });
      expect(result.ok, `${field}: ${JSON.stringify(value)}`).toBe(false);
    }
    expect(checkInquiry({ ...reader, message: 'Linje 1\n\tIndrykket' }).ok).toBe(true);
  });

  it('checks e-mail syntax and phone characters', () => {
    for (const email of ['mette', 'mette@', '@firma.dk', 'mette@firma', 'a b@firma.dk', 'a@b@c.dk'])
      expect(checkInquiry({ ...reader, email }).ok, email).toBe(false);
    for (const email of ['mette@firma.dk', 'm.s+salg@sub.firma.co.uk', 'æble@blåbær.dk'])
      expect(checkInquiry({ ...reader, email }).ok, email).toBe(true);
    expect(checkInquiry({ ...reader, phone: '12 34 56 78; DROP' }).ok).toBe(false);
  });

  it('treats values that are not text as empty', () => {
    const result = checkInquiry({ ...reader, name: ['a', 'b'], email: { $ne: '' } });
    expect(!result.ok && Object.keys(result.errors)).toEqual(['name', 'email']);
  });
});
