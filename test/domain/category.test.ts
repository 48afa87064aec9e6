import { describe, expect, it } from 'vitest';
import categories from '../../config/categories.json' with { type: 'json' };
import {
  categoryExists,
  categoryPath,
  flattenCategories,
  suggestCategory,
  type Category,
} from '../../src/domain/category.js';

const tree: readonly Category[] = categories;

const FRENCH_EXAMPLE =
  'Bonjour, je n\'arrive plus à me connecter à HorairePro : "Accès refusé. Contactez l\'administrateur." Je dois soumettre mes horaires avant mercredi 17h.';

describe('suggestCategory (config/categories.json)', () => {
  it('files the HorairePro "Accès refusé" message under application access', () => {
    expect(suggestCategory(tree, FRENCH_EXAMPLE)).toBe('account.application');
  });

  it.each([
    ["L'imprimante du 2e étage n'imprime plus", 'printing.printer'],
    ["The printer on floor 2 won't print", 'printing.printer'],
    ['Mot de passe oublié', 'account.password'],
    ['I forgot my password', 'account.password'],
    ['Mon compte est bloque depuis ce matin', 'account.locked'],
    ['Problème de réseau wifi en salle B', 'network.wifi'],
    ['Le VPN ne se connecte pas en télétravail', 'network.vpn'],
    ["Mon PC ne démarre plus, écran noir", 'hardware.workstation'],
    ['Excel plante à l’ouverture du fichier', 'software.office'],
  ] as const)('%j → %s', (message, id) => {
    expect(suggestCategory(tree, message)).toBe(id);
  });

  it('prefers the most specific category on equal evidence', () => {
    // "réseau" hits Network, "wifi" hits Network > Wi-Fi
    expect(suggestCategory(tree, 'Le réseau wifi est coupé')).toBe('network.wifi');
  });

  it('ignores accents and case', () => {
    expect(suggestCategory(tree, 'ACCES REFUSE sur le portail')).toBe('account.application');
  });

  it('suggests nothing when no keyword matches', () => {
    expect(suggestCategory(tree, 'Question sur mes congés')).toBeNull();
    expect(suggestCategory(tree, '')).toBeNull();
  });
});

describe('flattenCategories', () => {
  it('lists every category, parents first, with French paths', () => {
    expect(flattenCategories(tree, 'fr')).toEqual([
      { id: 'hardware', path: 'Matériel' },
      { id: 'hardware.workstation', path: 'Matériel > Poste de travail' },
      { id: 'hardware.screen', path: 'Matériel > Écran' },
      { id: 'hardware.peripherals', path: 'Matériel > Clavier / souris' },
      { id: 'hardware.phone', path: 'Matériel > Téléphonie' },
      { id: 'software', path: 'Logiciel' },
      { id: 'software.office', path: 'Logiciel > Bureautique' },
      { id: 'software.business', path: 'Logiciel > Application métier' },
      { id: 'software.install', path: 'Logiciel > Installation' },
      { id: 'network', path: 'Réseau' },
      { id: 'network.internet', path: 'Réseau > Accès Internet' },
      { id: 'network.vpn', path: 'Réseau > VPN' },
      { id: 'network.wifi', path: 'Réseau > Wi-Fi' },
      { id: 'account', path: 'Compte / Accès' },
      { id: 'account.password', path: 'Compte / Accès > Mot de passe' },
      { id: 'account.locked', path: 'Compte / Accès > Compte bloqué' },
      { id: 'account.application', path: 'Compte / Accès > Accès à une application' },
      { id: 'mail', path: 'Messagerie' },
      { id: 'mail.outlook', path: 'Messagerie > Outlook' },
      { id: 'mail.teams', path: 'Messagerie > Teams' },
      { id: 'printing', path: 'Impression' },
      { id: 'printing.printer', path: 'Impression > Imprimante' },
      { id: 'printing.scanner', path: 'Impression > Scanner' },
    ]);
  });

  it('lists the same categories with English paths', () => {
    const en = flattenCategories(tree, 'en');
    expect(en.map((c) => c.id)).toEqual(flattenCategories(tree, 'fr').map((c) => c.id));
    expect(en).toContainEqual({ id: 'hardware.peripherals', path: 'Hardware > Keyboard / mouse' });
    expect(en).toContainEqual({ id: 'software.business', path: 'Software > Business application' });
    expect(en).toContainEqual({ id: 'account.application', path: 'Account / Access > Application access' });
    expect(en).toContainEqual({ id: 'mail', path: 'Email' });
    expect(en).toContainEqual({ id: 'printing.printer', path: 'Printing > Printer' });
  });

  it('goes as deep as the tree does', () => {
    const deep: Category[] = [
      {
        id: 'acces',
        label: { fr: 'Accès', en: 'Access' },
        children: [
          {
            id: 'acces.app',
            label: { fr: 'Application', en: 'Application' },
            children: [{ id: 'acces.app.horairepro', label: { fr: 'HorairePro', en: 'HorairePro' } }],
          },
        ],
      },
    ];
    expect(flattenCategories(deep, 'fr')).toEqual([
      { id: 'acces', path: 'Accès' },
      { id: 'acces.app', path: 'Accès > Application' },
      { id: 'acces.app.horairepro', path: 'Accès > Application > HorairePro' },
    ]);
  });

  it('an empty tree has no choices', () => {
    expect(flattenCategories([], 'fr')).toEqual([]);
  });
});

describe('categoryPath and categoryExists', () => {
  it.each([
    ['account.application', 'fr', 'Compte / Accès > Accès à une application'],
    ['account.application', 'en', 'Account / Access > Application access'],
    ['hardware.screen', 'fr', 'Matériel > Écran'],
    ['network', 'en', 'Network'],
  ] as const)('%s in %s → %s', (id, language, path) => {
    expect(categoryPath(tree, id, language)).toBe(path);
  });

  it('a ticket without category, or with an unknown one, has no path', () => {
    expect(categoryPath(tree, null, 'fr')).toBeNull();
    expect(categoryPath(tree, 'account.unknown', 'fr')).toBeNull();
  });

  it('categoryExists knows leaves and parents, not strangers', () => {
    expect(categoryExists(tree, 'printing.scanner')).toBe(true);
    expect(categoryExists(tree, 'printing')).toBe(true);
    expect(categoryExists(tree, 'printing.fax')).toBe(false);
    expect(categoryExists(tree, '')).toBe(false);
  });
});
