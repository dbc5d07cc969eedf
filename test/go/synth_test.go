// The library through its Go module: a stack declared in Go synthesizes the same Terraform
// configuration as the same stack declared in TypeScript (reference-stack.ts), which
// scripts/go-test.sh synthesizes into SIGMA_TYPESCRIPT_SYNTH before running this test.
package synth_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf-sigma-audit-logs/cdktf-sigma-audit-logs-go/cdktfsigmaauditlogs"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

const stackID = "go-audit-logs"

func TestMain(m *testing.M) {
	code := m.Run()
	// Stops the jsii kernel (a node process) before the test binary exits.
	jsii.Close()
	os.Exit(code)
}

// googleProvider declares the google provider as the prebuilt binding does (same source and
// version, the same arguments), without that binding: a cdktf TerraformProvider of our own.
type googleProvider struct {
	cdktf.TerraformProvider
	attributes map[string]interface{}
}

// SynthesizeAttributes gives the provider block's arguments (what the binding's config sets).
func (p *googleProvider) SynthesizeAttributes() *map[string]interface{} {
	return &p.attributes
}

func newGoogleProvider(scope constructs.Construct, id string, attributes map[string]interface{}) cdktf.TerraformProvider {
	provider := &googleProvider{attributes: attributes}
	cdktf.NewTerraformProvider_Override(provider, scope, jsii.String(id), &cdktf.TerraformProviderConfig{
		TerraformResourceType: jsii.String("google"),
		TerraformGeneratorMetadata: &cdktf.TerraformProviderGeneratorMetadata{
			ProviderName:              jsii.String("google"),
			ProviderVersion:           jsii.String("6.50.0"),
			ProviderVersionConstraint: jsii.String("~> 6.0"),
		},
		TerraformProviderSource: jsii.String("google"),
	})
	return provider
}

func declareStack(app cdktf.App) {
	stack := cdktf.NewTerraformStack(app, jsii.String(stackID))
	newGoogleProvider(stack, "google", map[string]interface{}{"project": "my-gcp-project", "region": "us-central1"})

	gcs := cdktfsigmaauditlogs.NewGcsAuditLogIntegration(stack, jsii.String("AuditLogs"), &cdktfsigmaauditlogs.GcsAuditLogIntegrationProps{
		BucketName: jsii.String("my-company-sigma-audit-logs"),
		Folder:     jsii.String("sigma"),
		Project:    jsii.String("my-gcp-project"),
		ApiUrl:     cdktfsigmaauditlogs.SigmaApiUrl_GCP(),
	})
	sigma := cdktfsigmaauditlogs.NewSigmaAuditLogStorageIntegration(stack, jsii.String("ExistingRole"), &cdktfsigmaauditlogs.SigmaAuditLogStorageIntegrationProps{
		Cloud:                 cdktfsigmaauditlogs.StorageCloud_AWS,
		Destination:           jsii.String("s3://my-company-archive/sigma/"),
		RoleArn:               jsii.String("arn:aws:iam::123456789012:role/sigma-audit-logs"),
		ApiUrl:                cdktfsigmaauditlogs.SigmaApiUrl_AWS_EUROPE(),
		LinkedExportsOnDelete: cdktfsigmaauditlogs.LinkedExportsOnDelete_DELETE,
	})

	cdktf.NewTerraformOutput(stack, jsii.String("gcp_service_account"), &cdktf.TerraformOutputConfig{Value: gcs.ServiceAccount()})
	cdktf.NewTerraformOutput(stack, jsii.String("custom_role"), &cdktf.TerraformOutputConfig{Value: gcs.CustomRole().Name()})
	cdktf.NewTerraformOutput(stack, jsii.String("aws_external_id"), &cdktf.TerraformOutputConfig{Value: sigma.AwsExternalId()})
	cdktf.NewTerraformOutput(stack, jsii.String("integration_name"), &cdktf.TerraformOutputConfig{Value: sigma.IntegrationName()})
}

func readJSON(t *testing.T, path string) interface{} {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var value interface{}
	if err := json.Unmarshal(data, &value); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return value
}

// assets maps each file under the stack's assets/ folder to its content.
func assets(t *testing.T, outdir string) map[string][]byte {
	t.Helper()
	root := filepath.Join(outdir, "stacks", stackID, "assets")
	files := map[string][]byte{}
	err := filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		content, err := os.ReadFile(path)
		relative, _ := filepath.Rel(root, path)
		files[relative] = content
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestGoStackSynthesizesWhatTheTypeScriptStackDoes(t *testing.T) {
	reference := os.Getenv("SIGMA_TYPESCRIPT_SYNTH")
	if reference == "" {
		t.Fatal("SIGMA_TYPESCRIPT_SYNTH is not set: run this test with `npm run test:go`, which synthesizes the TypeScript stack first")
	}
	outdir := t.TempDir()
	app := cdktf.NewApp(&cdktf.AppConfig{Outdir: jsii.String(outdir)})
	declareStack(app)
	app.Synth()

	got := readJSON(t, filepath.Join(outdir, "stacks", stackID, "cdk.tf.json"))
	want := readJSON(t, filepath.Join(reference, "stacks", stackID, "cdk.tf.json"))
	if !reflect.DeepEqual(got, want) {
		gotText, _ := json.MarshalIndent(got, "", "  ")
		wantText, _ := json.MarshalIndent(want, "", "  ")
		t.Fatalf("the Go stack differs from the TypeScript one.\nGo:\n%s\nTypeScript:\n%s", gotText, wantText)
	}

	gotAssets, wantAssets := assets(t, outdir), assets(t, reference)
	if len(gotAssets) == 0 || len(gotAssets) != len(wantAssets) {
		t.Fatalf("assets: Go has %d files, TypeScript %d", len(gotAssets), len(wantAssets))
	}
	for name, content := range wantAssets {
		if !bytes.Equal(gotAssets[name], content) {
			t.Errorf("asset %s differs between the Go and the TypeScript synth", name)
		}
	}
}

func TestSigmaApiUrlConstantsAreTheUrls(t *testing.T) {
	expected := map[string]*string{
		"https://api.sigmacomputing.com":          cdktfsigmaauditlogs.SigmaApiUrl_GCP(),
		"https://aws-api.sigmacomputing.com":      cdktfsigmaauditlogs.SigmaApiUrl_AWS_US(),
		"https://api.ca.aws.sigmacomputing.com":   cdktfsigmaauditlogs.SigmaApiUrl_AWS_CANADA(),
		"https://api.eu.aws.sigmacomputing.com":   cdktfsigmaauditlogs.SigmaApiUrl_AWS_EUROPE(),
		"https://api.au.aws.sigmacomputing.com":   cdktfsigmaauditlogs.SigmaApiUrl_AWS_ASIA_PACIFIC(),
		"https://api.us.azure.sigmacomputing.com": cdktfsigmaauditlogs.SigmaApiUrl_AZURE_US(),
	}
	for url, constant := range expected {
		if constant == nil || *constant != url {
			t.Errorf("expected %s, got %v", url, constant)
		}
	}
}
