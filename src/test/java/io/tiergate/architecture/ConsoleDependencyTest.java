package io.tiergate.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.conditions.ArchPredicates.are;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;

/**
 * The console reads through the services: no class of {@code io.tiergate.admin} touches a JPA
 * entity (an {@code @Entity} or a Panache entity), so it can run no query of its own and map no
 * entity a second time. It renders what {@code AccessService} answers.
 */
@AnalyzeClasses(packages = "io.tiergate", importOptions = ImportOption.DoNotIncludeTests.class)
class ConsoleDependencyTest {

    private static final DescribedPredicate<JavaClass> ENTITIES = DescribedPredicate.describe("JPA or Panache entities",
            (JavaClass c) -> c.isAnnotatedWith(Entity.class) || assignableTo(PanacheEntityBase.class).test(c));

    @ArchTest
    static final ArchRule consoleTouchesNoEntity = noClasses().that().resideInAPackage("io.tiergate.admin..")
            .should().dependOnClassesThat(are(ENTITIES));
}
