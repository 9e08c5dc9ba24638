/**
 * Saved mappings: choose one, save the current one under a name (for this server and template, and for
 * files with this header row), or forget the one in use. A chosen profile is fitted to the template in
 * hand: fields the template lacks are left out and named (shared/leads/template-fit.ts).
 */
import { useEffect, useState } from 'react';
import type { CallReply, LeadField, MappingSpec } from '../../../shared/contract.ts';
import { keepFileColumns } from '../../../shared/leads/mapping.ts';
import { fitMappingToTemplate } from '../../../shared/leads/template-fit.ts';
import { api } from '../api/index.ts';
import { useApp } from '../store.ts';

type Profiles = CallReply<'listProfiles'>;

export function ProfileBar(props: {
  /** This file's headers: a saved mapping keeps only the fields whose columns are here. */
  headers: string[];
  serverId: string | undefined;
  templateId: number | undefined;
  fields: readonly LeadField[];
  mapping: MappingSpec;
  onProblem(message: string | undefined): void;
}) {
  const profileName = useApp((s) => s.profileName);
  const [profiles, setProfiles] = useState<Profiles>([]);
  const [newProfile, setNewProfile] = useState('');

  useEffect(() => {
    api.listProfiles({}).then(setProfiles, (e: Error) => props.onProblem(e.message));
  }, [props.onProblem]);

  /** Runs an action and shows its error here, keeping everything the user has chosen. */
  const attempt = async (work: () => Promise<void>) => {
    props.onProblem(undefined);
    try {
      await work();
    } catch (error) {
      props.onProblem((error as Error).message);
    }
  };

  const use = (name: string) => {
    const chosen = profiles.find((x) => x.name === name);
    if (!chosen) return;
    const fitted = fitMappingToTemplate(chosen.mapping, props.fields);
    // A mapping saved for another file may name columns this one lacks: those fields are left out, and said.
    const kept = keepFileColumns(fitted.mapping, props.headers);
    useApp.setState({
      mapping: kept.mapping,
      profileName: chosen.name,
      droppedFields: fitted.dropped,
      chosenByHand: Object.keys(kept.mapping.fields),
      notice: kept.missing.length
        ? `This file has no column for ${kept.missing.join(', ')} of “${chosen.name}”: ${kept.missing.length === 1 ? 'it is' : 'they are'} not sent.`
        : undefined,
    });
  };

  return (
    <div className="row wrap">
      <label>
        Saved mappings{' '}
        <select value="" onChange={(e) => use(e.target.value)}>
          <option value="">Use a saved mapping…</option>
          {profiles.map((p) => (
            <option key={p.name}>{p.name}</option>
          ))}
        </select>
      </label>
      <input
        aria-label="Name for this mapping"
        placeholder="Save this mapping as…"
        value={newProfile}
        onChange={(e) => setNewProfile(e.target.value)}
      />
      <button
        type="button"
        className="secondary"
        disabled={!newProfile.trim()}
        onClick={() =>
          attempt(async () => {
            const name = newProfile.trim();
            await api.saveProfile({
              name,
              headers: props.headers,
              mapping: props.mapping,
              serverId: props.serverId,
              templateId: props.templateId,
            });
            setProfiles(await api.listProfiles({}));
            useApp.setState({ profileName: name, droppedFields: [] });
            setNewProfile('');
          })
        }
      >
        Save mapping
      </button>
      {profileName && (
        <button
          type="button"
          className="ghost"
          onClick={() =>
            attempt(async () => {
              await api.deleteProfile({ name: profileName });
              setProfiles(await api.listProfiles({}));
              useApp.setState({ profileName: undefined, droppedFields: [] });
            })
          }
        >
          Forget “{profileName}”
        </button>
      )}
    </div>
  );
}
