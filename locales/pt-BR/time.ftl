# Fusos horários: o comando /timezone e as linhas que dizem em que fuso os horários aparecem.
timezone-current = Seu fuso horário é { $zone }; hora local agora: { $now }. Todos os horários que eu mostro estão neste fuso. Mude com, por exemplo, /timezone America/Manaus
timezone-set = Os horários agora aparecem em { $zone }. Hora local agora: { $now }.
timezone-unknown = Não conheço o fuso horário "{ $value }". Use um nome da lista de fusos horários IANA, ex.: /timezone America/Sao_Paulo, /timezone America/Manaus, /timezone America/Recife ou /timezone UTC Deslocamentos e abreviações (Etc/GMT-7, BRT) não são aceitos: ignoram o horário de verão.
welcome-timezone = Os horários aparecem em { $zone } ({ $offset }); mude com /timezone.
report-today-local = Hoje
report-since = Desde { $start }
cmd-timezone = Seu fuso horário
