lint rules/start_back.rf
