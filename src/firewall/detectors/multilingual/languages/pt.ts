import type { Lexicon } from '../lexicon';

/** Portuguese (Brazil and Portugal): você and tu imperatives, infinitives, gerunds; cedillas and tildes optional. */
export const PT: Lexicon = {
  code: 'pt',
  latin: { letters: 'ãõçáíóúâêô', words: ['das', 'dos', 'que', 'voce', 'suas', 'seu', 'sua', 'todas', 'todos', 'uma', 'nao', 'de', 'para', 'ou', 'com', 'não', 'você', 'é', 'foi', 'ao', 'aos', 'nos', 'pelo', 'pela', 'isso', 'isto', 'tem', 'sem', 'mas', 'agora', 'seja', 'e'] },
  order: 'vo',
  gap: 26,
  negationBefore: '\\b(?:n[ãa]o|nunca|jamais) ',
  dismiss: [
    'ignor(?:e|a|ar|em|ando)\\b', 'esque[çc](?:a|am)\\b', 'esquec(?:e|er|endo)\\b', 'desconsider(?:e|a|ar|em|ando)\\b', 'desprez(?:e|a|ar)\\b', 'descart(?:e|a|ar)\\b',
    'n[ãa]o (?:siga|sigam|obede[çc]a|considere|leve em conta|preste aten[çc][ãa]o)', 'sem (?:considerar|levar em conta|prestar aten[çc][ãa]o)', 'deix(?:e|a|ar) de lado', 'anul(?:e|a|ar)\\b',
  ],
  instructions: ['instru[çc]', 'orienta[çc]', 'diretriz', '\\bregras?\\b', '\\bordens\\b', 'comandos?\\b', 'prompt', 'indica[çc][õo]es', 'restri[çc]', 'programa[çc][ãa]o', 'mensagem do sistema'],
  earlier: ['anterior', 'acima', 'pr[ée]vi[oa]s?\\b', 'precedente', 'mencionad', 'tudo o que', 'at[ée] agora', 'original', 'inicial', 'de antes'],
  content: ['pergunta', 'mensagem', 'pedido', '\\btexto', 'tarefa', 'problema', 'quest[ãa]o', 'solicita[çc]'],
  output: ['\\bimprim(?:a|e)\\b', '\\bescrev(?:a|e)\\b', '\\brespond(?:a|e)\\b', '\\bdiga\\b', '\\bdiz\\b', '\\brepit(?:a|e)\\b', '\\bmostr(?:e|a)\\b', '\\bproduz(?:a)?\\b', '\\bemit(?:a|e)\\b', '\\bretorn(?:e|a)\\b', '\\bexib(?:a|e)\\b', 'sa[íi]da', '\\boutput\\b', 'parafrase(?:ie|ia)\\b'],
  only: ['diretamente', '\\bapenas\\b', 'somente', '\\bs[óo]\\b', 'simplesmente', 'exatamente', 'literalmente', 'o seguinte', 'nada mais', 'palavra por palavra'],
  newTask: ['(?:sua|tua) nova (?:tarefa|miss[ãa]o|fun[çc][ãa]o)', 'novas instru[çc][õo]es', '(?:agora|a partir de agora),? (?:sua|tua) tarefa', '(?:sua|tua) tarefa agora [ée]', 'agora (?:voc[êe] )?(?:deve|tem que|precisa) (?:responder|dizer|escrever)'],
  reveal: ['mostr', 'revel', 'repit', '\\bdiga', 'me d[êe]\\b', 'imprim', 'escrev', 'compartilh', '\\blist(?:e|a)\\b', '\\bexib', 'quais s[ãa]o', 'qual [ée]'],
  hiddenPrompt: ['prompt (?:do|de) sistema', 'mensagem (?:do|de) sistema', 'instru[çc][õo]es (?:do sistema|de sistema|iniciais|originais|ocultas|secretas|internas)', '(?:suas|tuas) instru[çc][õo]es', '(?:seu|teu) prompt', 'system prompt', '(?:suas|tuas) regras (?:internas|ocultas|secretas)'],
  noLimits: [
    'sem (?:nenhum |nenhuma |qualquer |quaisquer |as |os |suas )?(?:restri[çc]|filtros?\\b|censura|regras|limites [ée]ticos|[ée]tica\\b|moral\\b)', 'n[ãa]o (?:tem|possui) (?:nenhum |nenhuma |qualquer )?(?:restri[çc]|filtro|censura|regra|limite)',
    'livre de (?:qualquer |toda )?(?:restri[çc]|censura|filtro|regra)',
  ],
  persona: ['agora voc[êe] [ée]', 'a partir de agora', 'de agora em diante', '\\bfinja\\b', '\\baja como', '\\batue como', 'fa[çc]a de conta', 'interprete o papel', 'imagine que voc[êe] [ée]', 'voc[êe] [ée] (?:um|uma)\\b', 'comporte-se como'],
  unlockedMode: ['modo (?:desenvolvedor|deus|sem censura|sem restri[çc][õo]es|jailbreak|dan)\\b', 'fa[çc]a qualquer coisa agora'],
  addressAi: [
    'se voc[êe] (?:[ée]|for) (?:uma? )?(?:ia|intelig[êe]ncia artificial|modelo de linguagem|assistente|chatbot|llm|bot|agente)\\b',
    '(?:nota|mensagem|instru[çc][ãa]o|aviso) (?:para|[àa]|ao) (?:a |o |qualquer )?(?:ia|intelig[êe]ncia artificial|assistente|modelo|agente|chatbot|llm)\\b',
    '(?:querid[oa]|prezad[oa]|aten[çc][ãa]o),? (?:ia|assistente|modelo|chatbot)\\b', 'quando (?:voc[êe] )?(?:ler|processar|resumir|analisar|vir) (?:isto|isso|este|esta)\\b', '(?:qualquer|a) ia que (?:ler|leia|processe|resuma)',
  ],
};
