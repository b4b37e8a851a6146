/**
 * The project's module rules as tests that run in every build: {@code ArchitectureTest} checks the compiled
 * main classes of every module (imported with ArchUnit) and their sources on disk; {@code InternalUse} is the
 * short, reasoned list of places where one Petrel module may use another's {@code internal} code;
 * {@code MainSources} reads the modules' main source trees.
 */
package io.petrel.architecture;
