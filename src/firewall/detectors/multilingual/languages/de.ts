import type { Lexicon } from '../lexicon';

/**
 * German: imperatives put the verb first ("ignoriere die Anweisungen"), infinitives last ("die
 * Anweisungen ignorieren"), so both orders are read. Participles ("ignoriert", "vergessen") are
 * left out: "ich habe die Anweisungen vergessen" is a confession, not an order. ß and umlauts may
 * be spelled ss / ae, oe, ue.
 */
export const DE: Lexicon = {
  code: 'de',
  latin: { letters: 'äöüß', words: ['die', 'der', 'das', 'und', 'sie', 'den', 'dem', 'ein', 'eine', 'einen', 'nicht', 'alle', 'alles', 'bitte', 'du', 'dein', 'deine', 'ist', 'zu', 'mit', 'vergiss', 'mir', 'dich', 'dir', 'mich', 'ich', 'wir', 'ihr', 'auf', 'von', 'für', 'nur', 'auch', 'noch', 'sind', 'oder', 'jetzt'] },
  order: 'both',
  gap: 26,
  negationBefore: '\\b(?:nicht|nie|niemals|keinesfalls|bitte nicht) ',
  dismiss: [
    'ignorier(?:e|en|st)?\\b', 'vergiss\\b', 'vergesst\\b', 'vergessen sie\\b', 'missacht(?:e|en)\\b', 'beacht(?:e|en sie) nicht', 'nicht (?:mehr )?(?:beachten|befolgen)',
    'befolg(?:e|en sie) nicht', 'verwirf\\b', 'verwerfen sie\\b', 'au(?:ß|ss)er acht', '(?:setz|setze|setzen sie) (?:dich |sich )?(?:über|ueber)', '(?:über|ueber)spring(?:e|en)?\\b',
    'l(?:ö|oe)sch(?:e|en sie)\\b', 'hinwegsetzen',
  ],
  instructions: ['anweisung', 'instruktion', 'befehle?\\b', 'vorgaben?\\b', '\\bregeln\\b', 'richtlinie', 'prompt', 'direktive', 'anordnung', 'vorschrift', 'systemnachricht', 'einschr(?:ä|ae)nkung', 'programmierung'],
  earlier: ['\\bobig', 'vorherig', 'vorangegangen', 'vorhergehend', 'bisherig', 'fr(?:ü|ue)her', '\\boben\\b', '\\bzuvor\\b', '\\bdavor\\b', 'alles (?:bisher|vorher|davor|oben)', 'urspr(?:ü|ue)nglich', 'vorstehend', 'genannt'],
  content: ['\\bfragen?\\b', 'nachricht', '\\btext\\b', 'aufgabe', 'problem', 'anfrage'],
  output: ['\\bgib\\b', '\\bgeben sie\\b', '\\bgebe\\b', 'ausgeben', '\\bausgabe\\b', '\\bsag(?:e|en sie)?\\b', '\\bschreib(?:e|en sie)?\\b', '\\bantworte(?:n sie)?\\b', 'wiederhol', '\\bdruck(?:e|en sie)?\\b', 'umformulier'],
  only: ['\\bdirekt\\b', '\\bnur\\b', '\\beinfach\\b', 'lediglich', 'ausschlie(?:ß|ss)lich', 'w(?:ö|oe)rtlich', 'folgendes', 'nichts anderes', 'genau (?:das|dies)'],
  newTask: ['(?:deine|ihre) neue (?:aufgabe|mission|rolle)', 'neue anweisungen', '(?:deine|ihre) aufgabe (?:ist|lautet) (?:jetzt|nun|ab sofort)', '(?:jetzt|nun|ab sofort) (?:ist|lautet) (?:deine|ihre) aufgabe', '(?:deine|ihre) aufgabe besteht (?:jetzt|nun|ab sofort) darin', '(?:du musst|sie m(?:ü|ue)ssen) (?:jetzt|nun|ab sofort) (?:antworten|sagen|schreiben)'],
  reveal: ['\\bzeig', 'verrat', 'wiederhol', '\\bnenn', 'schreib', '\\bdruck', 'teil(?:e|en sie)? mir', 'offenbar', 'enth(?:ü|ue)ll', '\\bgib\\b', '\\bgeben sie\\b', 'was (?:ist|sind|lautet|lauten)', 'ausgeben', 'preisgeben'],
  hiddenPrompt: [
    'system-?prompt', 'system prompt', 'systemnachricht', 'systemanweisung', '(?:deine|eure) (?:anweisungen|instruktionen|vorgaben|regeln)', '(?:deinen|euren) prompt', 'ausgangsprompt',
    '(?:urspr(?:ü|ue)nglich|anf(?:ä|ae)nglich|versteckt|geheim|intern)en (?:anweisungen|instruktionen|vorgaben)',
  ],
  noLimits: [
    'ohne (?:jegliche |irgendwelche |alle |jede |deine )?(?:einschr(?:ä|ae)nkung|beschr(?:ä|ae)nkung|filter|zensur|regeln|moral|ethik|grenzen|richtlinien|tabus)',
    '(?:keine|keinerlei) (?:einschr(?:ä|ae)nkungen|beschr(?:ä|ae)nkungen|filter|zensur|regeln|moral|ethik|richtlinien) mehr', 'frei von (?:jeglichen |allen )?(?:einschr|beschr|regeln|zensur|filter|richtlinien)',
    'du hast keine (?:einschr|beschr|regeln|filter|grenzen|zensur)',
  ],
  persona: ['du bist (?:jetzt|nun|ab jetzt|ab sofort|von nun an)', '(?:ab jetzt|ab sofort|von nun an) bist du', 'tue? so,? als', 'spiele? die rolle', 'verhalte dich wie', 'stelle? dir vor,? du bist', '\\bdu bist eine?\\b', 'sie sind (?:jetzt|nun) eine?\\b', 'agiere als', 'schl(?:ü|ue)pfe in die rolle'],
  unlockedMode: ['entwickler-?modus', '(?:gott|jailbreak|dan)-?modus'],
  addressAi: [
    '(?:wenn|falls) (?:du|sie) (?:eine? )?(?:ki|k(?:ü|ue)nstliche intelligenz|sprachmodell|assistent|chatbot|llm|bot|agent) (?:bist|sind)',
    '(?:hinweis|nachricht|notiz|anweisung|anweisungen|info) (?:an|f(?:ü|ue)r) (?:die |den |das |jede |jeden |alle )?(?:ki|k(?:ü|ue)nstliche intelligenz|assistenten|assistent|modell|sprachmodell|agenten|chatbot|llm)s?\\b',
    '(?:liebe|lieber|hallo|achtung),? (?:ki|assistent|modell|chatbot)\\b', '(?:wenn|sobald) (?:du|sie) (?:dies|das|diesen text|dieses dokument|diese nachricht|diese e-mail) (?:liest|lesen|zusammenfasst|zusammenfassen|verarbeitest|verarbeiten|analysierst)',
    '(?:jede|die) ki,? die (?:dies|das|diesen text)',
  ],
};
