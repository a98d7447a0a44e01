// gensdk: generates a language SDK for the pulumi-sessions provider plugin from
// schema.json, with Pulumi's own code generators (pkg/v3/codegen at the CLI's version).
// `pulumi package gen-sdk` would do the same, but needs language hosts that implement
// code generation, which the CLI build here does not have (it would need a newer Python language host than the proxy serves).
//
//	gensdk <schema.json> <python|nodejs|go> <out dir>
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

func main() {
	if len(os.Args) != 4 {
		fail(fmt.Errorf("usage: gensdk <schema.json> <python|nodejs|go> <out dir>"))
	}
	raw, err := os.ReadFile(os.Args[1])
	fail(err)
	var spec schema.PackageSpec
	fail(json.Unmarshal(raw, &spec))
	pkg, diags, err := schema.BindSpec(spec, schema.NewPluginLoader(nil), schema.ValidationOptions{})
	fail(err)
	if diags.HasErrors() {
		fail(diags)
	}
	const tool = "pulumi-sessions gensdk"
	var files map[string][]byte
	switch os.Args[2] {
	case "python":
		files, err = python.GeneratePackage(tool, pkg, nil, nil)
	case "nodejs":
		fail(pkg.ImportLanguages(map[string]schema.Language{"nodejs": nodejs.Importer}))
		files, err = nodejs.GeneratePackage(tool, pkg, nil, nil, false, nil)
	case "go":
		files, err = gogen.GeneratePackage(tool, pkg, nil)
	default:
		err = fmt.Errorf("unknown language %q", os.Args[2])
	}
	fail(err)
	out := os.Args[3]
	fail(os.RemoveAll(out))
	for name, content := range files {
		p := filepath.Join(out, name)
		fail(os.MkdirAll(filepath.Dir(p), 0o755))
		fail(os.WriteFile(p, content, 0o644))
	}
}

func fail(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "gensdk:", err)
		os.Exit(1)
	}
}
