package io.exordos.s3aas.functional;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the one {@link FunctionalEnv} of a test run. It lives in the root store, so the local
 * stack starts once for all classes and is closed (every process stopped) when the run ends; a JVM
 * shutdown hook in {@link LocalStack} covers an aborted run.
 */
final class EnvExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(EnvExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == FunctionalEnv.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NS)
        .computeIfAbsent(FunctionalEnv.class, k -> FunctionalEnv.create(), FunctionalEnv.class);
  }
}
