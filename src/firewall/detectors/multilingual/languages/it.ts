import type { Lexicon } from '../lexicon';

/** Italian: tu and Lei imperatives, infinitives after "non" (the negative imperative), gerunds. */
export const IT: Lexicon = {
  code: 'it',
  latin: { letters: 'àèìòù', words: ['il', 'gli', 'le', 'della', 'delle', 'di', 'che', 'tutte', 'tutti', 'tue', 'ogni', 'la', 'lo', 'sono', 'questo', 'questa', 'una', 'sei', 'nel', 'alla', 'poi', 'anche', 'tu', 'senza', 'e', 'dei', 'ci', 'si'] },
  order: 'vo',
  gap: 26,
  negationBefore: '\\b(?:non|mai) ',
  dismiss: [
    'ignor(?:a|i|are|ate|ando)\\b', 'dimentic(?:a|hi|are|ate|ando)\\b', 'trascur(?:a|i|are|ate)\\b', 'non (?:considerare|consideri|tenere conto|tener conto|seguire|segua|badare|dare retta|obbedire)',
    'senza (?:considerare|tener conto|badare)', 'scart(?:a|i|are)\\b', 'tralasci(?:a|are)?\\b', 'lascia(?:re)? perdere', 'annull(?:a|i|are)\\b', 'metti da parte',
  ],
  instructions: ['istruzion', 'indicazion', 'direttiv', '\\bregole\\b', '\\bordini\\b', '\\bcomand[io]\\b', 'prompt', 'consegn[ae]\\b', 'vincol', 'restrizion', 'programmazione', 'messaggio di sistema', 'linee guida'],
  earlier: ['precedent', '\\bsopra\\b', 'suddett', 'sopraindicat', 'sopracitat', 'anterior', 'finora', 'fino ad ora', 'inizial', 'original', 'tutto (?:ci[oò]|quello) che', '\\bprima\\b'],
  content: ['domand', 'messaggio', 'richiest', '\\btesto', 'compito', 'problema', 'quesito'],
  output: ['\\bstamp(?:a|i)\\b', '\\bscriv(?:i|a)\\b', '\\brispond(?:i|a)\\b', "\\bd(?:i['’]|ì)", '\\bdic(?:i|a)\\b', '\\bripet(?:i|a)\\b', 'restituisc', '\\bmostr(?:a|i)\\b', '\\bproduc(?:i|a)\\b', '\\bemett(?:i|a)\\b', '\\boutput\\b', 'parafras(?:a|i)\\b'],
  only: ['direttamente', '\\bsolo\\b', 'soltanto', 'solamente', 'unicamente', 'semplicemente', 'esattamente', 'testualmente', 'alla lettera', 'parola per parola', 'quanto segue', "nient['’]altro"],
  newTask: ['(?:il tuo|il suo) nuovo (?:compito|ruolo|incarico)', 'nuove istruzioni', '(?:ora|adesso),? il tuo compito', 'il tuo compito (?:ora|adesso) [eè]', '(?:ora|adesso) (?:devi|deve) (?:rispondere|dire|scrivere)'],
  reveal: ['mostr', 'rivel', 'ripet', '\\bdimmi\\b', '\\bdammi\\b', 'stamp', 'scriv', 'condividi', 'elenc', '\\bsvel', 'quali sono', 'qual [eè]', '\\bcita\\b'],
  hiddenPrompt: ['prompt (?:di sistema|del sistema|iniziale|originale|nascosto)', 'messaggio di sistema', 'istruzioni (?:di sistema|del sistema|iniziali|originali|nascoste|segrete|interne)', 'tue istruzioni', 'tuo prompt', 'system prompt', 'tue regole (?:interne|nascoste|segrete)'],
  noLimits: [
    'senza (?:alcun |alcuna |nessun |nessuna |le |i )?(?:restrizion|limiti etici|filtr|censur|regole|vincol|morale|etica)', 'non hai (?:alcun |alcuna |nessun |nessuna )?(?:restrizion|limit|filtr|censur|regole|vincol)',
    'liber[oa] da (?:ogni |qualsiasi )?(?:restrizion|censur|filtr|regole|vincol)',
  ],
  persona: ['(?:ora|adesso) sei', "d['’]ora in poi", 'da (?:ora|adesso) in poi', '\\bfingi\\b', 'fai finta', 'comportati come', 'agisci come', 'interpreta il ruolo', 'immagina di essere', "\\bsei (?:una?\\b|un['’])"],
  unlockedMode: ['modalit[aà] (?:sviluppatore|dio|senza censura|senza restrizioni|jailbreak|dan)\\b', 'fai qualsiasi cosa ora'],
  addressAi: [
    "se (?:sei|tu sei) (?:una? |un['’])?(?:ia|intelligenza artificiale|modello linguistico|assistente|chatbot|llm|bot|agente)\\b",
    "(?:nota|messaggio|istruzion[ei]|avviso) (?:per |all['’]|alla |al )(?:l['’])?(?:ia|intelligenza artificiale|assistente|modello|agente|chatbot|llm)\\b",
    '(?:cara|caro|gentile|attenzione),? (?:ia|assistente|modello|chatbot)\\b', 'quando (?:leggi|leggerai|elabori|elaborerai|riassumi|riassumerai|analizzi) (?:questo|questa|questi)',
    "(?:ogni|qualsiasi|l['’]) ia che (?:legge|legger[aà]|elabora|riassume)",
  ],
};
