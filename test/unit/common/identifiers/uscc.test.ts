import {
  USCC_AUTHORITIES,
  USCC_CHARSET,
  checkUscc,
  isUscc,
  makeUscc,
  orgCodeCheckCharacter,
  usccCheckCharacter,
  type UsccProblem,
} from '../../../../common/identifiers';

// Every literal vector below was verified by an independent Python scratch
// computation (separate implementation of both checksums), not by this module.

function problemOf(value: string): UsccProblem {
  const problem = checkUscc(value);
  if (problem === null) throw new Error(`expected ${value} to be rejected`);
  return problem;
}

function expectOneSentence(message: string): void {
  expect(message).not.toMatch(/[.!?]\s/);
  expect(message).not.toMatch(/[.!?]$/);
}

const PUBLIC_VALID = [
  // Check character '0': rejected by npm stdnum 1.12.0 because it forgets the final mod 31.
  '911522010783762860',
  // python-stdnum doctest example.
  '91110000600037341L',
];

// [authority, category, region, body] -> expected code, from the scratch script.
const GENERATED: ReadonlyArray<readonly [string, string, string, string, string]> = [
  ['9', '1', '110108', 'MA000000', '91110108MA00000070'], // check character '0'
  ['9', '1', '110108', 'MA000019', '91110108MA0000197Y'], // check character 'Y' (value 30)
  ['9', '1', '110108', 'MA000004', '91110108MA000004X8'], // GB 11714 check 'X' at pos 17
  ['5', '2', '440305', 'MJL12345', '52440305MJL1234547'],
  ['1', '2', '100000', '40000012', '12100000400000122T'],
  ['A', '1', '100000', 'MA5GT3NK', 'A1100000MA5GT3NK7R'],
  ['N', '2', '320581', 'N2R8K4P1', 'N2320581N2R8K4P19G'],
  ['Y', '1', '110000', 'HJ2W9QUT', 'Y1110000HJ2W9QUT47'],
  ['9', '2', '310115', 'L3H6P9T2', '92310115L3H6P9T22N'],
];

const ALL_VALID = [...PUBLIC_VALID, ...GENERATED.map((row) => row[4])];

describe('checkUscc: valid codes', () => {
  it.each(ALL_VALID)('accepts %s', (code) => {
    expect(checkUscc(code)).toBeNull();
    expect(isUscc(code)).toBe(true);
  });

  it.each(GENERATED)('makeUscc(%s, %s, %s, %s) builds %s', (authority, category, region, body, expected) => {
    expect(makeUscc(authority, category, region, body)).toBe(expected);
  });

  it('check-character helpers agree with the vectors', () => {
    expect(usccCheckCharacter('91152201078376286')).toBe('0');
    expect(usccCheckCharacter('91110108MA0000197')).toBe('Y');
    expect(orgCodeCheckCharacter('07837628')).toBe('6');
    expect(orgCodeCheckCharacter('MA000004')).toBe('X');
    // M0001QAY -> '9' only with full-alphabet letter values (Y=34); the USCC alphabet (Y=30) would give '3'.
    expect(orgCodeCheckCharacter('M0001QAY')).toBe('9');
  });

  it('codes built by makeUscc validate for every authority/category pair', () => {
    for (const [authority, categories] of Object.entries(USCC_AUTHORITIES)) {
      for (const category of categories) {
        for (const body of ['00000000', 'MA01HJ2K', '9Y8X7W6U', 'LLLLLLLL']) {
          const code = makeUscc(authority, category, '330106', body);
          expect(checkUscc(code)).toBeNull();
        }
      }
    }
  });
});

describe('checkUscc: vectors from the wild', () => {
  it('A1110000600037341L fails only the mod-31 check', () => {
    // python-stdnum calls this invalid because pos 1 is a letter; the real reason is that it is
    // 91110000600037341L with pos 1 changed, so the mod-31 sum moves by 1 and the check becomes 'K'.
    expect(checkUscc('A1110000600037341L')).toEqual({
      code: 'CHECK_CHARACTER',
      message: "USCC check character at position 18 should be 'K', got 'L'",
    });
    expect(checkUscc('A1110000600037341K')).toBeNull();
  });

  it('91350203M0001QAY9B passes the GB 11714 check but fails mod 31', () => {
    expect(checkUscc('91350203M0001QAY9B')).toEqual({
      code: 'CHECK_CHARACTER',
      message: "USCC check character at position 18 should be '9', got 'B'",
    });
  });

  it('000000000000000000 passes both checksums but has no registration authority', () => {
    expect(usccCheckCharacter('00000000000000000')).toBe('0');
    expect(orgCodeCheckCharacter('00000000')).toBe('0');
    expect(problemOf('000000000000000000').code).toBe('AUTHORITY');
    expect(problemOf('000000000000000000').message).toBe(
      "USCC registration authority code '0' at position 1 is not a known registration authority",
    );
  });

  it('110108000000016 (legacy 15-digit registration number) is a LENGTH problem that names it', () => {
    const problem = problemOf('110108000000016');
    expect(problem.code).toBe('LENGTH');
    expect(problem.message).toBe(
      'USCC must be 18 characters, got 15 (this looks like a legacy 15-digit business registration number, which is not a USCC)',
    );
  });

  it('a legacy organisation code is a LENGTH problem that names it', () => {
    expect(problemOf('60003734-1').message).toMatch(/legacy organisation code/);
    expect(problemOf('600037341').message).toMatch(/legacy organisation code/);
  });
});

describe('checkUscc: each validation level', () => {
  it('LENGTH', () => {
    expect(checkUscc('91152201078376286')).toEqual({ code: 'LENGTH', message: 'USCC must be 18 characters, got 17' });
    expect(problemOf('9115220107837628600').message).toBe('USCC must be 18 characters, got 19');
    expect(problemOf('').message).toBe('USCC must be 18 characters, got 0');
    // The validator does not trim; the scalar does.
    expect(problemOf(' 911522010783762860').code).toBe('LENGTH');
  });

  it('CHARSET: a lower-case letter names position and character', () => {
    expect(checkUscc('91110000600037341l')).toEqual({
      code: 'CHARSET',
      message: "USCC character at position 18 is lower-case 'l', but only upper-case letters are allowed",
    });
    expect(problemOf('91110108ma00000070').message).toBe(
      "USCC character at position 9 is lower-case 'm', but only upper-case letters are allowed",
    );
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('CHARSET: excluded letter %s', (letter) => {
    const code = `91110108${letter}A00000070`; // 91110108MA00000070 with pos 9 replaced
    expect(checkUscc(code)).toEqual({
      code: 'CHARSET',
      message: `USCC character at position 9 is '${letter}', but the letters I, O, S, V and Z are never used in a USCC`,
    });
  });

  it('CHARSET: other characters, including full-width digits and spaces', () => {
    expect(problemOf('9115220107837628６0').message).toBe(
      "USCC character at position 17 is '６', which is not in the USCC character set (digits and upper-case letters except I, O, S, V, Z)",
    );
    expect(problemOf('91152201078376286 ').message).toMatch(/^USCC character at position 18 is U\+0020, /);
    expect(problemOf('91152201-783762860').code).toBe('CHARSET');
    // Positions count code points, so an astral character is one position.
    expect(problemOf('9115220107837628😀0').message).toMatch(/^USCC character at position 17 is /);
  });

  it('CATEGORY: pos 2 not allowed for the authority (checksums valid)', () => {
    expect(checkUscc('94110000600037341B')).toEqual({
      code: 'CATEGORY',
      message: "USCC organisation category '4' at position 2 is not allowed for registration authority '9' (allowed: 1, 2, 3)",
    });
  });

  it('AUTHORITY: unknown pos 1 (checksums valid)', () => {
    expect(problemOf('01110000600037341X').code).toBe('AUTHORITY');
    expect(problemOf('B1110000600037341J').message).toBe(
      "USCC registration authority code 'B' at position 1 is not a known registration authority",
    );
  });

  it('REGION: a letter in pos 3-8 (checksums valid)', () => {
    expect(checkUscc('9111000A6000373415')).toEqual({
      code: 'REGION',
      message: "USCC administrative division code (positions 3-8) must be digits, got 'A' at position 8",
    });
  });

  it('ORG_CODE_CHECK: wrong pos 17 with a pos 18 that matches the wrong pos 17', () => {
    expect(checkUscc('911100006000373451')).toEqual({
      code: 'ORG_CODE_CHECK',
      message: "USCC organisation code check character at position 17 should be '1', got '5'",
    });
  });

  it('ORG_CODE_CHECK is reported before CHECK_CHARACTER', () => {
    expect(problemOf('91110000600037345L').code).toBe('ORG_CODE_CHECK');
  });

  it('CHECK_CHARACTER', () => {
    expect(checkUscc('91110108MA00000073')).toEqual({
      code: 'CHECK_CHARACTER',
      message: "USCC check character at position 18 should be '0', got '3'",
    });
    expect(problemOf('91110108MA00001973').message).toBe("USCC check character at position 18 should be 'Y', got '3'");
  });

  it('every message is a single sentence', () => {
    const invalid = [
      '', '110108000000016', '91110000600037341l', '91110108IA0000070', '91110108IA00000070',
      '000000000000000000', '94110000600037341B', '9111000A6000373415', '911100006000373451', '91350203M0001QAY9B',
    ];
    for (const value of invalid) expectOneSentence(problemOf(value).message);
  });
});

describe('checkUscc: error detection properties', () => {
  it('rejects every single-character substitution of a valid code', () => {
    // Mod 31 is prime and every weight 3^(i-1) is a unit mod 31, so a change of value d
    // (0 < |d| < 31) at any of positions 1-17 moves the sum by d*w != 0 (mod 31).
    for (const code of ALL_VALID) {
      for (let i = 0; i < code.length; i++) {
        for (const replacement of USCC_CHARSET) {
          if (replacement === code.charAt(i)) continue;
          const mutated = code.slice(0, i) + replacement + code.slice(i + 1);
          expect([mutated, isUscc(mutated)]).toEqual([mutated, false]);
        }
      }
    }
  });

  it('rejects every adjacent transposition of distinct characters', () => {
    // Swapping values a,b at positions i,i+1 (i <= 16) moves the sum by (a-b)(w_i - w_{i+1})
    // = (a-b) * w_i * (1 - 3) = -2(a-b)w_i, non-zero mod 31 because 31 is prime.
    // Swapping positions 17 and 18 changes the pos 17 term and the check character: the code
    // stays valid only if (a-b)(w_17 - 1) = 27(a-b) = 0 (mod 31), which never holds for a != b.
    // So mod 31 alone detects every adjacent transposition; nothing needs to be exempted.
    let checked = 0;
    for (const code of ALL_VALID) {
      for (let i = 0; i < code.length - 1; i++) {
        const a = code.charAt(i);
        const b = code.charAt(i + 1);
        if (a === b) continue;
        const swapped = code.slice(0, i) + b + a + code.slice(i + 2);
        expect([swapped, isUscc(swapped)]).toEqual([swapped, false]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('USCC_AUTHORITIES', () => {
  it('matches the GB 32100 表2 table in the domain reference', () => {
    expect(USCC_AUTHORITIES).toEqual({
      '1': ['1', '2', '3', '9'],
      '2': ['1', '9'],
      '3': ['1', '2', '3', '4', '5', '9'],
      '4': ['1', '9'],
      '5': ['1', '2', '3', '9'],
      '6': ['1', '2', '9'],
      '7': ['1', '2', '9'],
      '8': ['1', '9'],
      '9': ['1', '2', '3'],
      A: ['1', '9'],
      N: ['1', '2', '3', '9'],
      Y: ['1'],
    });
    expect(Object.isFrozen(USCC_AUTHORITIES)).toBe(true);
    expect(Object.isFrozen(USCC_AUTHORITIES['9'])).toBe(true);
  });
});

describe('builders reject impossible parts', () => {
  it('makeUscc', () => {
    expect(() => makeUscc('0', '1', '110108', 'MA000000')).toThrow(RangeError);
    expect(() => makeUscc('9', '9', '110108', 'MA000000')).toThrow(/not allowed for registration authority '9'/);
    expect(() => makeUscc('9', '1', '11010', 'MA000000')).toThrow(/6 digits/);
    expect(() => makeUscc('9', '1', '110108', 'MA00000')).toThrow(/8 characters/);
    expect(() => makeUscc('9', '1', '110108', 'MA0000O0')).toThrow(/position 15 is 'O'/);
    expect(() => makeUscc('9', '1', '110108', 'ma000000')).toThrow(/lower-case/);
  });

  it('usccCheckCharacter and orgCodeCheckCharacter', () => {
    expect(() => usccCheckCharacter('9115220107837628')).toThrow(RangeError);
    expect(() => usccCheckCharacter('91152201078376I86')).toThrow(/position 15 is 'I'/);
    expect(() => orgCodeCheckCharacter('0783762')).toThrow(RangeError);
    expect(() => orgCodeCheckCharacter('0783762a')).toThrow(RangeError);
  });
});
