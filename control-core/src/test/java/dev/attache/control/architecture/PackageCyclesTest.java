package dev.attache.control.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Packages under a root depend on each other one way only: each package is a slice, and no
 * chain of dependencies between slices leads back to where it started. A cycle means two
 * packages cannot be read, tested or moved apart; the failure names every class-level
 * dependency on the cycle.
 */
class PackageCyclesTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dev.attache.control", "dev.attache.control.gatewayapi", "dev.attache.control.resource"})
  void packagesUnderRootFormNoCycle(String root) {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(root);
    slices().assignedFrom(eachPackageUnder(root)).should().beFreeOfCycles().check(classes);
  }

  /** One slice per package at or below {@code root} (the root package is a slice of its own). */
  private static SliceAssignment eachPackageUnder(String root) {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String p = javaClass.getPackageName();
        return p.equals(root) || p.startsWith(root + ".") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "each package under " + root;
      }
    };
  }
}
