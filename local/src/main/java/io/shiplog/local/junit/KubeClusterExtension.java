package io.shiplog.local.junit;

import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.kube.KubeClusters;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the JVM-wide shared clusters: {@code @ExtendWith(KubeClusterExtension.class)}, then declare a
 * {@link KubeCluster} parameter for {@link KubeCluster#shared()}, or a {@link KubeClusters} or
 * {@code List<KubeCluster>} parameter for {@link KubeClusters#shared()}.
 */
public final class KubeClusterExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KubeCluster.class || type == KubeClusters.class
                || type == List.class && isListOfClusters(parameter.getParameter().getParameterizedType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == KubeCluster.class) {
            return KubeCluster.shared();
        }
        KubeClusters clusters = KubeClusters.shared();
        return type == KubeClusters.class ? clusters : clusters.clusters();
    }

    private static boolean isListOfClusters(Type type) {
        return type instanceof ParameterizedType list
                && list.getActualTypeArguments().length == 1
                && list.getActualTypeArguments()[0] == KubeCluster.class;
    }
}
