import type { Lexicon } from '../lexicon';

/** French: tu and vous imperatives, infinitives ("ne pas …"), elided articles with either apostrophe. */
export const FR: Lexicon = {
  code: 'fr',
  latin: { letters: 'àâçèêëîïôûùœ', words: ['les', 'des', 'vous', 'une', 'et', 'ci', 'tu', 'la', 'le', 'du', 'aux', 'ton', 'tes', 'votre', 'vos', 'toutes', 'tout', 'ne', 'pas', 'pour', 'avec', 'dans', 'sur', 'qui', 'mes', 'ses', 'nous', 'moi', 'toi', 'peux', 'sont', 'cette', 'cet', 'leur', 'mais', 'où', 'sans'] },
  order: 'vo',
  gap: 26,
  negationBefore: "(?:\\bn['’]|\\bne |\\bpas |\\bjamais )",
  dismiss: [
    'ignor(?:e|ez|er|ons|ant)\\b', 'oubli(?:e|ez|er|ons|ant)\\b', 'ne (?:tiens|tenez|tenons) (?:pas|plus) compte', 'sans tenir compte', 'ne (?:prends|prenez) (?:pas|plus) en compte',
    '(?:fais|faites|faisons) abstraction', 'n[ée]glig(?:e|ez|er)\\b', 'ne (?:suis|suivez|suivons) (?:pas|plus)', '(?:laisse|laissez) tomber', '(?:passe|passez) outre', '[ée]cart(?:e|ez)\\b',
    '(?:omets|omettez)\\b', '(?:annule|annulez)\\b', 'ne (?:fais|faites) (?:pas|plus) attention', 'sans (?:faire|pr[eê]ter) attention', '(?:efface|effacez)\\b',
  ],
  instructions: ['instruction', 'consigne', 'directive', 'r[eè]gles?\\b', '\\bordres?\\b', 'commandes?\\b', 'prompt', 'indications', 'contrainte', 'programmation', 'message syst[eè]me', 'restriction', '\\binvites?\\b'],
  earlier: ['ci-dessus', 'pr[ée]c[ée]dent', 'ant[ée]rieur', 'plus haut', 'au-dessus', "d['’]avant", 'initial', 'tout ce qui (?:pr[ée]c[eè]de|a [ée]t[ée] dit)', "jusqu['’](?:ici|[àa] pr[ée]sent)", 'original'],
  content: ['question', 'message', 'demande', '\\btexte', 't[aâ]che', 'probl[eè]me', 'requ[eê]te', '[ée]nonc[ée]'],
  output: ['affich(?:e|ez|er)\\b', '[ée]cri(?:s|vez|re)\\b', 'r[ée]pond(?:s|ez|re)\\b', '\\bdi(?:s|tes)\\b', 'r[ée]p[eéè]t(?:e|ez|er)\\b', 'imprim(?:e|ez)\\b', 'produi(?:s|sez)\\b', 'renv(?:oie|oyez)\\b', '\\bsor(?:s|tez)\\b', 'retourn(?:e|ez)\\b', 'g[ée]n[eè]r(?:e|ez)\\b', '\\bsortie\\b', 'paraphras(?:e|ez)\\b'],
  only: ['directement', 'seulement', 'uniquement', 'simplement', '\\bjuste\\b', 'exactement', 'mot pour mot', 'textuellement', "rien d['’]autre", 'ce qui suit', 'tel(?:le)? quel(?:le)?'],
  newTask: ['(?:ta|votre) nouvelle (?:t[aâ]che|mission|consigne)', 'nouvelles (?:instructions|consignes)', '(?:ta|votre) (?:t[aâ]che|mission) (?:est d[ée]sormais|est maintenant)', '(?:d[ée]sormais|maintenant),? (?:ta|votre) (?:t[aâ]che|mission)', '(?:tu dois|vous devez) (?:maintenant|d[ée]sormais) (?:r[ée]pondre|dire|[ée]crire)'],
  reveal: ['montr', 'affich', 'r[ée]v[eè]l', 'r[ée]p[eéè]t', '\\bdi(?:s|tes)\\b', '\\bdonn(?:e|ez)\\b', '[ée]cri(?:s|vez)\\b', 'partag', 'divulgu', 'imprim', 'recopi', '\\bcit(?:e|ez)\\b', 'quelles sont', 'quel est'],
  hiddenPrompt: [
    "prompt (?:syst[eè]me|du syst[eè]me|initial|d['’]origine|cach[ée])", 'message (?:syst[eè]me|du syst[eè]me)', "instructions (?:syst[eè]me|du syst[eè]me|initiales|d['’]origine|originales|cach[ée]es|secr[eè]tes|internes)",
    '(?:tes|vos) (?:instructions|consignes)', '(?:ton|votre) prompt', 'system prompt', 'consignes (?:initiales|cach[ée]es|syst[eè]me)',
  ],
  noLimits: [
    'sans (?:aucune |aucun |la moindre |tes |vos |les )?(?:restriction|limites? [ée]thiques?|filtres?\\b|censure|r[eè]gles|contraintes|morale|[ée]thique|tabou)',
    "(?:tu n['’]as|vous n['’]avez) (?:aucune|plus de|pas de) (?:restriction|limite|filtre|censure|r[eè]gle)", 'libre de (?:toute |tout )?(?:restriction|censure|filtre|r[eè]gle|contrainte)',
  ],
  persona: ['tu es (?:d[ée]sormais|maintenant)', 'vous [eê]tes (?:d[ée]sormais|maintenant)', 'd[ée]sormais,? tu', "[àa] partir de (?:maintenant|d['’]aujourd)", '(?:fais|faites) semblant', '(?:agis|agissez) comme', '(?:joue|jouez) le r[ôo]le', '\\bincarne', 'pr[ée]tends [eê]tre', 'imagin(?:e|ez) que (?:tu es|vous [eê]tes)', '\\btu es une?\\b', 'comporte-toi comme'],
  unlockedMode: ['mode (?:d[ée]veloppeur|dieu|sans censure|sans restriction|jailbreak|dan)\\b', "fais n['’]importe quoi maintenant"],
  addressAi: [
    "si (?:tu es|vous [eê]tes) (?:une? |l['’])?(?:ia|intelligence artificielle|mod[eè]le de langage|assistant|chatbot|llm|robot|agent)\\b",
    "(?:note|message|instruction|consigne|avis) (?:[àa]|pour) (?:l['’]|toute |tout |une |un )?(?:ia|intelligence artificielle|assistant|mod[eè]le|agent|chatbot|llm)\\b",
    "(?:ch[eè]re?|bonjour|attention),? (?:l['’])?(?:ia|assistant|mod[eè]le|chatbot)\\b",
    "(?:quand|lorsque|lorsqu['’]|si) (?:tu|vous|une ia|l['’]ia) (?:liras|lirez|lis|lisez|traiteras|traiterez|r[ée]sumeras|r[ée]sumerez|analyseras|analyserez) (?:ceci|ce (?:texte|document|message|courriel|mail|contenu))",
    "(?:toute|l['’]|une) ia qui (?:lit|lira|traite|r[ée]sume|analyse)",
  ],
};
