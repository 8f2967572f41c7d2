module authgate.test/e2e/go

go 1.22
