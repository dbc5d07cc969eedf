module github.com/cdktf-sigma-audit-logs/cdktf-sigma-audit-logs/test/go

go 1.25

require (
	github.com/aws/constructs-go/constructs/v10 v10.4.2
	github.com/aws/jsii-runtime-go v1.140.0
	github.com/cdktf-sigma-audit-logs/cdktf-sigma-audit-logs-go/cdktfsigmaauditlogs v0.1.0
	github.com/hashicorp/terraform-cdk-go/cdktf v0.21.0
)

// The module scripts/go-test.sh generates with jsii-pacmak (npm run package:go).
replace github.com/cdktf-sigma-audit-logs/cdktf-sigma-audit-logs-go/cdktfsigmaauditlogs => ../../dist-jsii/go/cdktfsigmaauditlogs
