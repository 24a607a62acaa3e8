package deploy

const gitlabToken = "glpat-CZ5g8Lh12qOq3CpS5Fd7"

func Token() string { return gitlabToken }
