/**
 * Small closed word lists used to read names in news prose: titles that introduce a person,
 * speech verbs that follow a speaker, words that end organisation names, and words that are
 * never entities by themselves. Lists, not rules: extend them here when a corpus shows a gap.
 */

/** Lower-case words that stand before a person's name ("Foreign Minister Ayman Safadi"). */
export const TITLE_WORDS = new Set([
  'president', 'vice-president', 'president-elect', 'premier', 'minister', 'secretary', 'secretary-general',
  'senator', 'sen.', 'rep.', 'representative', 'congressman', 'congresswoman', 'gov.', 'governor', 'mayor',
  'ambassador', 'envoy', 'spokesman', 'spokeswoman', 'spokesperson', 'leader', 'chief', 'general', 'gen.',
  'lt.', 'col.', 'colonel', 'commander', 'admiral', 'adm.', 'sgt.', 'sergeant', 'capt.', 'captain', 'maj.',
  'major', 'king', 'queen', 'prince', 'princess', 'sheikh', 'emir', 'chancellor', 'judge', 'justice',
  'ceo', 'chairman', 'chairwoman', 'chair', 'director', 'founder', 'mr.', 'mrs.', 'ms.', 'dr.', 'prof.',
  'professor', 'rev.', 'pope', 'cardinal', 'bishop', 'rabbi', 'imam', 'host', 'anchor', 'adviser',
  'advisor', 'official', 'lawmaker', 'diplomat', 'counterpart', 'deputy', 'speaker', 'nominee', 'candidate',
  'economist', 'analyst', 'researcher', 'author', 'reporter', 'correspondent', 'editor', 'coach',
  'attorney', 'prosecutor', 'commissioner', 'superintendent', 'mr', 'mrs', 'ms', 'dr', 'sen', 'rep', 'gov',
]);

/** Words allowed after "<title> of" before the name: "Secretary of State Antony Blinken". */
export const DEPARTMENT_WORDS = new Set([
  'state', 'defense', 'defence', 'homeland', 'security', 'the', 'treasury', 'interior', 'health', 'energy',
  'commerce', 'labor', 'agriculture', 'education', 'transportation', 'justice', 'veterans', 'affairs',
  'housing', 'and', 'human', 'services', 'foreign', 'war', 'finance',
]);

/** Lower-case particles inside names ("Mohammed Shiaa al-Sudani", "Ursula von der Leyen"). */
export const NAME_PARTICLES = new Set(['al', 'el', 'bin', 'ibn', 'abu', 'de', 'del', 'da', 'di', 'du', 'van', 'von', 'der', 'la', 'le', 'dos', 'bint']);

/** A name token: capitalised, or a particle with a hyphenated capitalised part ("al-Sudani"). */
export function isNameToken(word: string): boolean {
  return /^\p{Lu}[\p{L}'’.-]*$/u.test(word) || /^(?:al|el|ad|as|ash|at|an|ar)-\p{Lu}/u.test(word);
}

/** Last words that make a capitalised phrase an organisation ("Shafaq News", "Interior Ministry"). */
export const ORGANIZATION_SUFFIXES = new Set([
  'news', 'ministry', 'agency', 'department', 'council', 'party', 'group', 'army', 'forces', 'times', 'post',
  'journal', 'inc', 'inc.', 'corp', 'corp.', 'company', 'university', 'committee', 'office', 'authority',
  'bank', 'association', 'union', 'organization', 'organisation', 'institute', 'network', 'court',
  'commission', 'police', 'service', 'administration', 'government', 'foundation', 'federation', 'league',
  'brigades', 'movement', 'front', 'cabinet', 'parliament', 'assembly', 'senate', 'house', 'media', 'press',
]);

/** Finite speech verbs: "<speaker> said", "said <speaker>". */
export const SPEECH_VERBS = new Set([
  'said', 'says', 'say', 'told', 'tells', 'stated', 'states', 'added', 'adds', 'queried', 'asked', 'asks',
  'remarked', 'affirmed', 'insisted', 'insists', 'warned', 'warns', 'wrote', 'writes', 'tweeted', 'posted',
  'noted', 'notes', 'explained', 'explains', 'argued', 'argues', 'declared', 'announced', 'reiterated',
  'stressed', 'emphasized', 'emphasised', 'underscored', 'acknowledged', 'replied', 'responded', 'claimed',
  'claims', 'contended', 'recalled', 'commented', 'observed', 'admitted', 'confirmed', 'denied', 'conceded',
  'vowed', 'pledged', 'promised', 'asserted', 'alleged', 'testified', 'continued', 'quipped', 'exclaimed',
  'suggested', 'predicted', 'cautioned', 'maintained', 'recounted', 'concluded', 'wondered', 'demanded',
]);

/** Speech participles: the speaker is the subject of the sentence ("Blinken ..., saying:"). */
export const SPEECH_PARTICIPLES = new Set([
  'saying', 'adding', 'stating', 'telling', 'noting', 'warning', 'insisting', 'arguing', 'declaring',
  'explaining', 'stressing', 'emphasizing', 'emphasising', 'underscoring', 'asking', 'writing', 'tweeting',
  'claiming', 'acknowledging', 'affirming', 'reiterating', 'remarking', 'replying', 'responding',
]);

/** Words that may stand between a speaker and the speech verb ("Netanyahu has publicly said"). */
export const BETWEEN_SPEAKER_AND_VERB = new Set([
  'also', 'has', 'have', 'had', 'later', 'then', 'previously', 'repeatedly', 'publicly', 'earlier', 'once',
  'again', 'further', 'reportedly', 'initially', 'separately', 'subsequently', 'recently', 'has also',
  'then', 'would', 'will', 'privately', 'quickly', 'simply', 'flatly', 'bluntly', 'angrily', 'reportedly',
  'himself', 'herself', 'themselves', 'both', 'all', 'had', 'was', 'is', 'were', 'are',
]);

/** Capitalised words that are never an entity on their own. */
export const NOT_ENTITIES = new Set([
  'he', 'she', 'it', 'they', 'we', 'i', 'you', 'his', 'her', 'their', 'our', 'its', 'this', 'that', 'these',
  'those', 'there', 'here', 'who', 'what', 'which', 'the', 'a', 'an', 'mr', 'mrs', 'ms', 'dr', 'sir',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'today', 'yesterday',
  'tomorrow', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september',
  'october', 'november', 'december', 'god', 'president', 'minister', 'secretary', 'state', 'government',
  'prime', 'foreign', 'official', 'officials', 'world', 'news', 'breaking', 'update', 'photo', 'video',
  'however', 'meanwhile', 'also', 'but', 'and', 'or', 'if', 'when', 'while', 'after', 'before',
  'subscribe', 'advertisement', 'read', 'more', 'related', 'share', 'comments', 'file',
]);

/** Subject pronouns that refer back to a person. */
export const PERSON_PRONOUNS = new Set(['he', 'she']);
