import type { Diagnostic, TopologyDocument } from '../../src/simulation/index.ts';
import { useStackscope } from '../store/store.ts';

/** Problems found before a run, each with what is wrong, where, and how to fix it. */
export function ProblemList({ problems, showTarget = false, document }: { problems: readonly Diagnostic[]; showTarget?: boolean; document?: TopologyDocument }) {
  const select = useStackscope((state) => state.select);
  if (problems.length === 0) return null;
  return (
    <ul className="problem-list" aria-label="Problems">
      {problems.map((problem, index) => {
        const target = problem.nodeId
          ? document?.nodes.find((node) => node.id === problem.nodeId)?.label
          : problem.linkId
            ? `link ${problem.linkId}`
            : undefined;
        return (
          <li key={index} className={`problem problem--${problem.severity}`}>
            <span className="problem__severity">{problem.severity === 'error' ? 'Error' : 'Warning'}</span>
            {showTarget && target && (
              <button type="button" className="link-button problem__target" onClick={() => select(problem.nodeId ? [problem.nodeId] : [], problem.linkId ? [problem.linkId] : [])}>
                {target}
              </button>
            )}
            {problem.path && <code className="problem__path">{problem.path}</code>}
            <span className="problem__message">{problem.message}</span>
            <span className="problem__fix">Fix: {problem.fix}</span>
          </li>
        );
      })}
    </ul>
  );
}
