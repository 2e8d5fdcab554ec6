#!/usr/bin/env node
// The installed `theta-simulator` command. It sits outside dist/ so that installing the workspace can link it
// before the first build (a bin inside dist/ does not exist yet at install time, and every install
// warned about it); the command itself is built into dist/bin.js.
import "../dist/bin.js";
