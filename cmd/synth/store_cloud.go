//go:build cloud

package main

import (
	_ "gocloud.dev/blob/azureblob" // azblob://container (AZURE_STORAGE_ACCOUNT, ...)
	_ "gocloud.dev/blob/gcsblob"   // gs://bucket (Application Default Credentials)
)
