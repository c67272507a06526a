package main

func init() {
	// import is only the name of its formats' subcommands (hewar import warc);
	// run dispatches to them.
	register("import", "import web archives into the archive: hewar import warc --db FILE FILE...", nil)
}
