-- Nothing worded is kept: the reasons Campo itself gave in an order's history (a routes plan
-- moved the visit, the office decided a conflict) were pt-BR sentences; they become codes
-- with their detail, worded when read in the reader's language
-- (campo_domain::history::EventReason). A person's own words stay as they were.
UPDATE order_events SET reason = 'campo:replanned'
 WHERE reason = 'Replanejamento de rotas';
UPDATE order_events
   SET reason = 'campo:conflict_decided:' || substr(reason, length('Conflito resolvido pela coordenação: ') + 1)
 WHERE substr(reason, 1, length('Conflito resolvido pela coordenação: ')) = 'Conflito resolvido pela coordenação: ';
