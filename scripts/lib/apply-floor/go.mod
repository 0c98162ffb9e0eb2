module shiplog.local/apply-floor

go 1.22
