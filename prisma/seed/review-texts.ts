/**
 * Plausible short review texts for the seeded year (./reviews-year.ts), from a seeded random
 * stream: an opener, a detail and sometimes a closer matching the star rating, in English (most),
 * German, French or Spanish — and the planted texts the moderation queue should catch (a leaked
 * token, an email or phone number, a spam link, offensive language), shaped like the real thing.
 */

export type ReviewLanguage = 'en' | 'de' | 'fr' | 'es';
type Mood = 'good' | 'mixed' | 'bad';

const PHRASES: Record<ReviewLanguage, Record<Mood, { openers: string[]; details: string[]; closers: string[] }>> = {
  en: {
    good: {
      openers: ['Does exactly what it says.', 'Works out of the box.', 'Great plugin.', 'Solid and well maintained.', 'Saved me a day of work.', 'Set it up in five minutes.'],
      details: ['The defaults are sensible and the docs cover the odd cases.', 'It runs on every build on our CI without a hiccup.', 'The maintainer answered my question within a day.', 'Configuration is small and the error messages are clear.', 'Upgrading from the previous major was painless.', 'It is fast even on our large monorepo.'],
      closers: ['Recommended.', 'Worth every cent.', 'Would buy again.', '', 'Thanks to the author!'],
    },
    mixed: {
      openers: ['Does the job, mostly.', 'Useful, with rough edges.', 'Decent, not great.', 'It works, but.'],
      details: ['The docs skip the configuration we needed and I had to read the source.', 'Slower than I hoped on big projects.', 'A few options are missing compared with the free alternatives.', 'Setup took longer than it should have.'],
      closers: ['Keeping it for now.', 'Hoping the next version fixes it.', ''],
    },
    bad: {
      openers: ['Disappointed.', 'Did not work for us.', 'Not worth the price.', 'Broke our build.'],
      details: ['It crashes on the first run with an unhelpful stack trace.', 'Support never answered my emails.', 'The latest version removed the one feature we bought it for.', 'It conflicts with our other plugins and the docs are out of date.'],
      closers: ['Asked for a refund.', 'Look elsewhere.', ''],
    },
  },
  de: {
    good: {
      openers: ['Funktioniert einwandfrei.', 'Sehr gutes Plugin.', 'Genau, was wir gesucht haben.'],
      details: ['Die Einrichtung war in wenigen Minuten erledigt.', 'Läuft stabil in unserer CI-Pipeline.', 'Die Dokumentation ist klar und vollständig.'],
      closers: ['Klare Empfehlung.', ''],
    },
    mixed: {
      openers: ['Ganz ordentlich.', 'Erfüllt seinen Zweck.'],
      details: ['Die Dokumentation könnte ausführlicher sein.', 'Bei großen Projekten etwas langsam.'],
      closers: ['Mal sehen, was das nächste Update bringt.', ''],
    },
    bad: {
      openers: ['Leider enttäuschend.', 'Hat bei uns nicht funktioniert.'],
      details: ['Stürzt beim ersten Start ab.', 'Der Support hat nie geantwortet.'],
      closers: ['Nicht zu empfehlen.', ''],
    },
  },
  fr: {
    good: {
      openers: ['Fonctionne parfaitement.', 'Excellent plugin.', 'Exactement ce qu’il nous fallait.'],
      details: ['Installé et configuré en quelques minutes.', 'Stable sur toute notre intégration continue.', 'La documentation est claire.'],
      closers: ['Je recommande.', ''],
    },
    mixed: {
      openers: ['Correct, sans plus.', 'Fait le travail.'],
      details: ['La documentation manque d’exemples.', 'Un peu lent sur les gros projets.'],
      closers: ['J’attends la prochaine version.', ''],
    },
    bad: {
      openers: ['Très déçu.', 'Ne fonctionne pas chez nous.'],
      details: ['Plante dès le premier lancement.', 'Aucune réponse du support.'],
      closers: ['À éviter.', ''],
    },
  },
  es: {
    good: {
      openers: ['Funciona perfectamente.', 'Muy buen plugin.', 'Justo lo que necesitábamos.'],
      details: ['Lo configuramos en cinco minutos.', 'Estable en toda nuestra integración continua.', 'La documentación es clara.'],
      closers: ['Lo recomiendo.', ''],
    },
    mixed: {
      openers: ['Hace su trabajo, sin más.', 'Está bien.'],
      details: ['Faltan ejemplos en la documentación.', 'Algo lento en proyectos grandes.'],
      closers: ['Espero la próxima versión.', ''],
    },
    bad: {
      openers: ['Muy decepcionado.', 'No nos funcionó.'],
      details: ['Falla en la primera ejecución.', 'El soporte nunca respondió.'],
      closers: ['No lo recomiendo.', ''],
    },
  },
};

const moodOf = (rating: number): Mood => (rating >= 4 ? 'good' : rating === 3 ? 'mixed' : 'bad');

/** Most reviews in English, some in German, French and Spanish. */
export function pickLanguage(random: () => number): ReviewLanguage {
  const x = random();
  return x < 0.78 ? 'en' : x < 0.86 ? 'de' : x < 0.93 ? 'fr' : 'es';
}

/** How long and where the reviewer used the plugin, in `language` (`months` ≥ 1, `projects` ≥ 1). */
const CONTEXTS: Record<ReviewLanguage, (months: number, projects: number) => string> = {
  en: (m, p) => `Using it for ${m === 1 ? 'a month' : `${m} months`} in ${p === 1 ? 'one project' : `${p} projects`}.`,
  de: (m, p) => `Seit ${m === 1 ? 'einem Monat' : `${m} Monaten`} in ${p === 1 ? 'einem Projekt' : `${p} Projekten`} im Einsatz.`,
  fr: (m, p) => `Utilisé depuis ${m} mois sur ${p === 1 ? 'un projet' : `${p} projets`}.`,
  es: (m, p) => `Lo uso desde hace ${m === 1 ? 'un mes' : `${m} meses`} en ${p === 1 ? 'un proyecto' : `${p} proyectos`}.`,
};

/**
 * A short review of `rating` stars in `language`: an opener, a detail, often how long and where it
 * was used, sometimes a closer; one in ten is rating-only (empty text).
 */
export function composeReviewText(random: () => number, rating: number, language: ReviewLanguage): string {
  if (random() < 0.1) return '';
  const { openers, details, closers } = PHRASES[language][moodOf(rating)];
  const pick = (list: string[]) => list[Math.floor(random() * list.length)]!;
  const context = random() < 0.7 ? CONTEXTS[language](1 + Math.floor(random() * 11), 1 + Math.floor(random() * 6)) : '';
  return [pick(openers), pick(details), context, random() < 0.6 ? pick(closers) : ''].filter(Boolean).join(' ');
}

/** The text of a re-rating after version `version`: what changed, in English. */
export function composeUpdateText(random: () => number, rating: number, previous: number, version: string): string {
  const change = rating > previous
    ? ['fixed the problems I had.', 'is a real improvement.', 'finally addressed my issue.']
    : rating < previous
      ? ['introduced a regression for us.', 'made things worse on our setup.', 'removed an option we relied on.']
      : ['changed little for us.', 'works as before.'];
  return `Update after ${version}: the new version ${change[Math.floor(random() * change.length)]} ${composeReviewText(random, rating, 'en')}`.trim();
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const draw = (random: () => number, alphabet: string, length: number) => Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]!).join('');

/** Kinds of planted reviews, each for one of the queue's signals. */
export type PlantedKind = 'github-token' | 'aws-key' | 'email' | 'phone' | 'spam-link' | 'offensive';

/**
 * A planted review text of `kind`: a fake GitHub token (ghp_ + 36 base62) or AWS access key id
 * (AKIA + 16 base32) shaped like real ones (secretlint's recommended rules match them), an email
 * address or phone number, the spam text with a link (the same text every time, so the second one
 * repeats the first), or offensive language.
 */
export function plantedText(kind: PlantedKind, random: () => number): string {
  switch (kind) {
    case 'github-token':
      return `Works after setting the token in the config: token: ghp_${draw(random, BASE62, 36)} — took me a while to find where it goes.`;
    case 'aws-key':
      return `Upload to S3 works once you set the key, mine is AKIA${draw(random, BASE32, 16)} in the env. Five stars.`;
    case 'email':
      return 'Great plugin but the docs are thin. If anyone needs help configuring it, write me at jana.novak.dev@gmail.com and I will share my setup.';
    case 'phone':
      return 'Support was slow, so call me on +1 415 555 0142 if you are stuck like I was, happy to walk you through the setup.';
    case 'spam-link':
      return 'Best plugin ever!!! Get 90% off premium dev tools today at https://cheap-dev-deals.example/offer — limited time only!!!';
    case 'offensive':
      return 'Total crap. This shit broke our build twice and the author is an idiot who ignores every bug report.';
  }
}
