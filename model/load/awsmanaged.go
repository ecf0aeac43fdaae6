package load

import (
	"errors"
	"io/fs"
	"path/filepath"

	"github.com/sekisho/sekisho/awsmanaged"
	"github.com/sekisho/sekisho/internal/readfile"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// checkManaged resolves a managed policy ARN that a principal attaches.
// An AWS managed policy the model files do not carry is loaded now, with
// the model (never during a query): from Options.AWSManagedDir when it has
// the file, else from the built-in set (package awsmanaged).
func (b *builder) checkManaged(w model.Where, owner, arn string) {
	if b.m.Managed[arn] != nil {
		return
	}
	if model.AccountOf(arn) != "aws" {
		b.failAt(w, "%s attaches %s, which is not in the model", owner, arn)
		return
	}
	mp, err := b.awsManaged(arn)
	if err != nil {
		b.fail(err)
		return
	}
	if mp == nil {
		pkg, date := awsmanaged.Version()
		b.failAt(w, "%s attaches the AWS managed policy %s, which is not among the built-in AWS managed policies (%s, data of %s): "+
			"check the ARN (its path is part of it: arn:aws:iam::aws:policy/service-role/...), or add the document "+
			"(awsManagedPolicies, the Policies of get-account-authorization-details, or --aws-managed-policies DIR)", owner, arn, pkg, date)
		return
	}
	b.m.Managed[arn] = mp
}

// awsManaged reads an AWS managed policy, or returns nil when neither the
// directory nor the built-in set has it.
func (b *builder) awsManaged(arn string) (*model.ManagedPolicy, error) {
	mp := &model.ManagedPolicy{ARN: arn, Name: model.ManagedName(arn), AWSManaged: true}
	if dir := b.opt.AWSManagedDir; dir != "" {
		file := filepath.Join(dir, mp.Name+".json")
		src, err := readfile.Read(file, readfile.Policy)
		switch {
		case err == nil:
			mp.Where = model.Where{File: file}
			mp.Document, err = policy.ParseFile(src, policy.Source{File: file, Kind: policy.Identity, Name: arn})
			return mp, err
		case !errors.Is(err, fs.ErrNotExist):
			return nil, err
		}
	}
	p, ok := awsmanaged.Document(arn)
	if !ok {
		return nil, nil
	}
	pkg, _ := awsmanaged.Version()
	mp.Where = model.Where{File: "built-in " + pkg}
	var err error
	mp.Document, err = policy.Parse(p.Document, policy.Source{File: mp.Where.File, Kind: policy.Identity, Name: arn})
	return mp, err
}
