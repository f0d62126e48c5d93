import type { Lexicon } from '../lexicon';

/** Spanish: tú and usted imperatives, infinitives and gerunds; accents optional, as people type. */
export const ES: Lexicon = {
  code: 'es',
  latin: { letters: 'áíóúñ¿¡', words: ['las', 'los', 'del', 'el', 'por', 'para', 'que', 'una', 'tus', 'sus', 'y', 'de', 'lo', 'usted', 'esta', 'este', 'todo', 'todas', 'todos', 'eres', 'pero', 'como', 'más', 'muy', 'ahora', 'mi', 'te', 'se', 'tu'] },
  order: 'vo',
  gap: 26,
  negationBefore: '\\b(?:no|nunca|jam[aá]s) ',
  dismiss: [
    'ignor(?:a|e|ar|en|ando|ad)\\b', 'olv[ií]d(?:a|e|ar|en|ate|ese|ando|ad|alo)\\b', 'descart(?:a|e|ar|en|ando)\\b', 'omit(?:e|a|ir|an|iendo)\\b',
    'pas(?:a|e|ar|ando) por alto', '(?:haz|haga|hagan|hacer|haciendo) caso omiso', 'no (?:hagas|haga|hagan) caso', 'sin hacer caso', 'desestim(?:a|e|ar)\\b',
    'no (?:sigas|siga|sigan|obedezcas|obedezca|cumplas|cumpla|prestes|preste)\\b', 'no (?:tengas|tenga|tengan) en cuenta', 'sin tener en cuenta', 'sin prestar atenci[oó]n', 'dej(?:a|e|ar) de (?:seguir|obedecer|lado)', 'anul(?:a|e|ar)\\b',
  ],
  instructions: ['instrucci', 'indicaci', 'directri', 'directiva', '[oó]rdenes', '\\breglas?\\b', '\\bnormas\\b', 'prompt', 'comandos?\\b', 'consignas?\\b', 'pautas', 'restricci', 'programaci[oó]n', 'mensaje del sistema'],
  earlier: ['anterior', '\\bprevi[oa]s?\\b', 'arriba', 'precedente', 'lo que te (?:dije|dijeron|han dicho|he dicho)', 'lo dicho', 'hasta ahora', 'todo lo (?:que|anterior)', 'original', 'inicial', 'mencionad', 'de antes', 'antedich'],
  content: ['pregunta', 'mensaje', 'petici[oó]n', 'solicitud', '\\btexto', '\\btarea', 'problema', 'consulta', 'enunciado'],
  output: ['\\bemit(?:e|a|ir)\\b', '\\bimprim(?:e|a|ir)\\b', '\\bescrib(?:e|a|ir)\\b', '\\brespond(?:e|a|er)\\b', '\\bcontest(?:a|e|ar)\\b', '\\bdi\\b', '\\bdiga\\b', '\\bdecir\\b', '\\brepit(?:e|a)\\b', '\\brepetir\\b', 'recapitul', '\\bproduc(?:e|ir)\\b', '\\bdevuelv(?:e|a)\\b', '\\bmuestr(?:a|e)\\b', '\\bsalida\\b', '\\bgenera\\b', '\\bexport(?:a|e)\\b', 'parafrase[ae]\\b'],
  only: ['directamente', 'solamente', '[uú]nicamente', '\\bs[oó]lo\\b', 'exactamente', 'simplemente', 'literalmente', 'tal cual', 'textualmente', 'lo siguiente', 'nada m[aá]s', 'palabra por palabra'],
  newTask: ['(?:tu|su) nueva (?:tarea|misi[oó]n|funci[oó]n)', 'nuevas instrucciones', 'ahora,? (?:tu|su) tarea', '(?:tu|su) tarea (?:ahora|a partir de ahora) es', 'ahora (?:debes|tienes que|debe|tiene que) (?:responder|decir|escribir)'],
  reveal: ['mu[eé]str', 'ens[eé][nñ]', 'revel', '\\bdime\\b', '\\bd[ií]game\\b', 'imprim', 'repit', 'escrib', 'compart', '\\bdame\\b', '\\bd[eé]me\\b', '\\bcopi(?:a|e|ar)\\b', 'repet', 'mostrar', 'recit', 'divulg', 'cu[aá]les son', 'cu[aá]l es', 'transcrib'],
  hiddenPrompt: ['prompt (?:del|de) sistema', 'mensaje (?:del|de) sistema', 'instrucciones (?:del sistema|de sistema|iniciales|originales|ocultas|internas|secretas)', 'tus instrucciones', '\\btu prompt', 'system prompt', 'indicaciones (?:iniciales|del sistema|ocultas)', 'tus reglas (?:internas|ocultas|secretas)', 'prompt (?:inicial|original|oculto)'],
  noLimits: [
    'sin (?:ning[uú]n tipo de |ninguna |ning[uú]n |tus |las |los )?(?:restricci|filtros?\\b|censura|reglas|l[ií]mites [eé]ticos|limitaciones [eé]ticas|[eé]tica\\b|moral\\b)',
    'no tienes (?:ninguna |ning[uú]n )?(?:restricci|filtro|censura|reglas|l[ií]mite)', 'libre de (?:toda |cualquier )?(?:restricci|censura|filtro|reglas)',
  ],
  persona: ['a partir de ahora', 'desde ahora', 'de ahora en adelante', 'ahora eres', '\\beres (?:un|una)\\b', 'act[uú]a como', 'act[uú]e como', '\\bfing(?:e|ir)\\b', '\\bfinja\\b', '\\bsimula\\b', 'interpreta (?:el papel|a)', 'hazte pasar', 'imagina que eres', 'ser[aá]s (?:un|una)\\b', 'comp[oó]rtate como'],
  unlockedMode: ['modo (?:desarrollador|dios|sin censura|sin restricciones|jailbreak|dan)\\b', 'haz cualquier cosa ahora'],
  addressAi: [
    'si (?:eres|usted es|t[uú] eres) (?:una? )?(?:ia|inteligencia artificial|modelo de lenguaje|asistente|chatbot|llm|bot|agente)\\b',
    '(?:nota|mensaje|instrucci[oó]n|instrucciones|aviso) (?:para|a) (?:la |el |cualquier |toda )?(?:ia|inteligencia artificial|asistente|modelo|chatbot|agente|llm)\\b',
    '(?:querid[oa]|estimad[oa]|atenci[oó]n),? (?:ia|asistente|modelo|chatbot|llm)\\b',
    'cuando (?:leas|proceses|resumas|analices|veas|lea|procese|resuma) (?:esto|este (?:texto|documento|mensaje|correo))', '(?:la|una|cualquier) ia que (?:lea|procese|resuma|analice)',
  ],
};
