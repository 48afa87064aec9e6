import { describe, expect, it } from 'vitest';
import { saysStillBroken } from '../../src/views/still-broken.js';

describe('a survey comment that says the problem is still there', () => {
  it.each([
    'Ça ne marche toujours pas',
    'TOUJOURS le même écran noir.',
    'Le problème persiste depuis hier',
    'Pas résolu du tout !',
    'non   résolu',
    'Rien n’est réglé : ça ne fonctionne plus',
    'It still crashes',
    'Not fixed.',
    'The printer doesn’t work',
    'it did not work, same problem',
  ])('« %s » is asked back', (comment) => {
    expect(saysStillBroken(comment)).toBe(true);
  });

  it.each(['Merci, tout fonctionne !', 'Rapide et efficace.', 'Great, thanks a lot', 'Stillwater office, all good', 'Résolution parfaite', ''])(
    '« %s » is not',
    (comment) => {
      expect(saysStillBroken(comment)).toBe(false);
    },
  );

  it('takes time in proportion to the comment, whatever its shape, and reads no further than a comment goes', () => {
    for (const unit of ['pas ', 'stil', 'e\u0301', ' ', 'toujoursx', 'n']) {
      const started = performance.now();
      saysStillBroken(unit.repeat(Math.ceil(400_000 / unit.length)));
      expect(performance.now() - started, unit).toBeLessThan(100);
    }
    // past 4 000 characters nothing was typed on the card
    expect(saysStillBroken(`${'ok '.repeat(2_000)}toujours`)).toBe(false);
  });
});
