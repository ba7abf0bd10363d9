package io.tiergate.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Dependencies point one way (docs/ARCHITECTURE.md): a feature is a top-level package under
 * {@code io.tiergate} with its sub-packages; no two features import each other, directly or
 * through a third, and the policy contract depends on nothing but the ground ({@code http}).
 */
@AnalyzeClasses(packages = "io.tiergate", importOptions = ImportOption.DoNotIncludeTests.class)
class FeatureDependencyTest {

    @ArchTest
    static final ArchRule noFeatureCycles = slices().matching("io.tiergate.(*)..").namingSlices("feature $1")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule policyDependsOnNoOtherFeature = classes().that().resideInAPackage("io.tiergate.policy..")
            .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.tiergate..")
                    .or(resideInAnyPackage("io.tiergate.policy..", "io.tiergate.http..")));
}
