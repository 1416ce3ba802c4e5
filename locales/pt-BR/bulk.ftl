## Links em lote a partir de um arquivo CSV enviado ao bot (/bulk). Texto simples: a porta o escapa.
cmd-bulk = Muitos links de uma vez a partir de um CSV
bulk-title = Muitos links a partir de um arquivo CSV
bulk-intro =
    Envie um arquivo CSV (como documento) e eu crio um link de pagamento por linha.
    A primeira linha dá os nomes das colunas: amount é obrigatória; currency (sua moeda { $currency } quando vazia), description, custom_link_ref, merchant_order_id, usage_limit (um número ou none), expiry_date, customer_name, customer_email, customer_phone, pay_via são opcionais.
    Vírgulas ou ponto e vírgula, aspas e o "CSV UTF-8" do Excel funcionam. Até { $rows } linhas e { $size } por arquivo.
    Respondo com um CSV dos novos links e as linhas que não pude usar, com o motivo. Enviar o mesmo arquivo de novo não cria nada duas vezes.
bulk-template-caption = Modelo: preencha suas linhas e me envie o arquivo.
bulk-not-csv = Aqui só leio arquivos CSV. Salve a planilha como "CSV UTF-8" e envie como documento; /bulk envia um modelo.
bulk-too-large = Este arquivo tem mais de { $size }. Divida-o em arquivos menores e envie um por um.
bulk-download-failed = Não consegui baixar este arquivo. Envie de novo.
bulk-not-utf8 = Este arquivo não é texto UTF-8. Salve como "CSV UTF-8" e envie de novo.
bulk-unreadable = Não consigo ler este arquivo como CSV. Verifique se tem uma linha de cabeçalho e um link por linha; /bulk envia um modelo.
bulk-unknown-column = Não conheço a coluna { $column }. As colunas são: { $columns }.
bulk-repeated-column = A coluna { $column } aparece duas vezes. Deixe uma e envie o arquivo de novo.
bulk-no-rows = Este arquivo tem cabeçalho mas nenhuma linha. Adicione uma linha por link.
bulk-too-many-rows = Linhas neste arquivo: { $rows }; aceito no máximo { $max } por arquivo. Divida-o e envie as partes uma por uma.
bulk-progress = Criando links… linhas prontas: { $done } de { $total }.
bulk-summary = Pronto. Linhas: { $rows }, links novos: { $created }, recusadas: { $refused }.
bulk-replayed = Criadas antes com este arquivo, os mesmos links de novo (nada criado duas vezes): { $count }.
bulk-result-caption = Seus links ({ $count }): linha, id do link, URL, valor, descrição, referência.
bulk-refused-title = Linhas não usadas ({ $count })
bulk-refused-line = Linha { $row }, { $column }: { $reason }
bulk-refused-row = Linha { $row }: { $reason }
bulk-refused-more = …e mais { $count }.
bulk-why-amount = não é um valor que eu possa usar (um número como 250 ou 250.50)
bulk-why-amount-not-positive = o valor deve ser maior que zero
bulk-why-amount-too-precise = casas decimais demais para esta moeda
bulk-why-currency = não é um código de moeda que eu conheça (BRL, USD, THB…)
bulk-why-missing = obrigatória, mas vazia
bulk-why-too-long = longo demais
bulk-why-time = não é uma data e hora como 2026-12-31T23:59:00Z
bulk-why-cells = mais células que colunas (coloque entre aspas um valor com vírgula ou ponto e vírgula)
bulk-why-invalid = não é um valor válido
bulk-why-repeated = uma linha anterior deste arquivo já usa esta referência
bulk-why-taken = outro link seu já usa esta referência
bulk-why-changed = esta linha mudou desde que você enviou este arquivo pela primeira vez; envie a nova versão como um arquivo novo
bulk-why-provider = o provedor de pagamento recusou este link; tente mais tarde
bulk-why-other = não foi possível processar esta linha; envie de novo
